package dev.nl2sql.benchmarks.jmh;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import dev.nl2sql.benchmarks.coverage.SpiderSchemas;
import dev.nl2sql.engine.llama.WideVocabularyModel;
import dev.nl2sql.picard.grammar.GrammarBounds;
import dev.nl2sql.picard.grammar.SqlGrammar;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generation speed of llama.cpp (java-llama.cpp 4.2.0, one thread) under a grammar against none, with
 * llama-2-tiny-random.gguf: a 1-layer model with random weights and Llama 2's real 32,000-token vocabulary, so that a
 * model step is cheap and what the grammar costs per token shows. Read the {@code tokens} rate (tokens per second).
 *
 * <p>The grammars: {@code none}; {@code agree}, a literal of the text the model writes without a grammar, so every
 * token it picks is allowed (what a grammar costs when the model follows it); {@code naive}, a character-class
 * grammar ({@code "SELECT " [a-zA-Z_*(), ]+ " FROM singer"}); {@code literal}, a fixed query repeated, so almost every
 * pick is refused (what a refusal costs at its cheapest); {@code alternatives-N}, N words the model never picks in
 * parallel (what each further parse stack adds to a refusal); and the schema grammar of Spider's concert_singer,
 * {@code sql-alternations} and {@code sql-tries} ({@link SqlGrammar.Layout}). {@code none-request-per-token} writes
 * without a grammar too, but one request of one token at a time (the prompt cached): the least that a constraint
 * computed on the Java side and handed to llama.cpp before each token would cost, since java-llama.cpp 4.2.0 takes
 * sampling settings only per request. Its prompt is text (java-llama.cpp 4.2.0 neither takes token ids nor returns
 * them), so its text can differ from the streamed one where the written text tokenizes differently.
 *
 * <p>{@code vocabulary}: {@code 32k} is llama-2-tiny-random itself; {@code 128k} the same model widened to Llama 3's
 * 128,256 tokens ({@link WideVocabularyModel}, written once into the temporary directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {"-Djmh.shutdownTimeout=1", "-Djmh.shutdownTimeout.step=1"})
public class GrammarSamplingBenchmark {

    private static final int TOKENS = 64;

    @Param({"none", "none-request-per-token", "agree", "naive", "literal", "alternatives-1", "alternatives-10", "alternatives-100",
        "sql-alternations", "sql-tries"})
    public String grammar;

    @Param({"32k", "128k"})
    public String vocabulary;

    private String prompt;

    private LlamaModel model;
    private InferenceParameters parameters;

    /** Tokens written (not the closing output that only says generation ended), reported as a rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Tokens {
        public long tokens;
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        DbSchema schema = SpiderSchemas.load(BenchData.spiderDir().resolve("tables.json")).get("concert_singer");
        model = new LlamaModel(new ModelParameters()
                .setModel(modelFile().toString())
                .setThreads(1)
                .setThreadsBatch(1)
                .setCtxSize(1024)
                .setParallel(1)
                .disableLog());
        prompt = "Tables: " + schema.tables().stream().map(t -> t.name() + "(" + t.columns().stream()
                .map(DbColumn::name).collect(Collectors.joining(", ")) + ")").collect(Collectors.joining("; "))
                + "\nQuestion: How many singers do we have?\nSQL: ";
        parameters = parameters(prompt);
        String text = switch (grammar) {
            case "none", "none-request-per-token" -> null;
            case "agree" -> "root ::= " + literal(generate(parameters(prompt)));
            case "naive" -> "root ::= \"SELECT \" [a-zA-Z_*(), ]+ \" FROM singer\"";
            case "literal" -> "root ::= (\"SELECT COUNT(*) FROM singer WHERE Age > 20 \")+";
            case "alternatives-1", "alternatives-10", "alternatives-100" -> alternatives(
                    Integer.parseInt(grammar.substring("alternatives-".length())));
            case "sql-alternations" -> SqlGrammar.gbnf(schema, IdentifierStyle.SQLITE, GrammarBounds.FULL,
                    SqlGrammar.Layout.ALTERNATIONS);
            case "sql-tries" -> SqlGrammar.gbnf(schema, IdentifierStyle.SQLITE, GrammarBounds.FULL,
                    SqlGrammar.Layout.TRIES);
            default -> throw new IllegalArgumentException(grammar);
        };
        if (text != null) {
            parameters.setGrammar(text);
        }
    }

    private static InferenceParameters parameters(String prompt) {
        return new InferenceParameters(prompt).setNPredict(TOKENS).setTemperature(0f).setSeed(42)
                .setCachePrompt(true);
    }

    private Path modelFile() throws IOException {
        Path base = BenchData.modelsDir().resolve("llama-2-tiny-random.gguf");
        return switch (vocabulary) {
            case "32k" -> base;
            case "128k" -> {
                Path wide = Path.of(System.getProperty("java.io.tmpdir"), "nl2sql-llama-2-tiny-random-128k.gguf");
                yield Files.exists(wide) ? wide
                        : WideVocabularyModel.write(base, WideVocabularyModel.LLAMA3_VOCABULARY, wide, 1);
            }
            default -> throw new IllegalArgumentException(vocabulary);
        };
    }

    @Benchmark
    public void generate(Tokens count) {
        if (grammar.equals("none-request-per-token")) {
            StringBuilder written = new StringBuilder();
            for (int i = 0; i < TOKENS; i++) {
                InferenceParameters one = parameters(prompt + written).setNPredict(1);
                for (LlamaOutput o : model.generate(one)) {
                    written.append(o.text);
                }
                count.tokens++;
            }
            return;
        }
        long outputs = 0;
        for (LlamaOutput ignored : model.generate(parameters)) {
            outputs++;
        }
        count.tokens += outputs - 1; // the last output only says that generation ended

    }

    private String generate(InferenceParameters p) {
        StringBuilder text = new StringBuilder();
        for (LlamaOutput o : model.generate(p)) {
            text.append(o.text);
        }
        return text.toString();
    }

    /** {@code root ::= (" xq1" | ... | " xqN")+}: N parallel stacks wherever a word starts, none the model picks. */
    private static String alternatives(int n) {
        StringBuilder out = new StringBuilder("root ::= (");
        for (int i = 1; i <= n; i++) {
            out.append(i > 1 ? " | " : "").append("\" xq").append(i).append('"');
        }
        return out.append(")+").toString();
    }

    /** The text as a GBNF literal. */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    @TearDown(Level.Trial)
    public void close() {
        // java-llama.cpp leaves a native thread behind (kherud/java-llama.cpp#116): the fork exits through
        // jmh.shutdownTimeout
        model.close();
    }
}
