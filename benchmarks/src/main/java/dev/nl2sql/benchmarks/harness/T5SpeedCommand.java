package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.driver.NlAnswerWarning;
import dev.nl2sql.engine.t5.RandomT5Checkpoint;
import dev.nl2sql.engine.t5.T5Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar t5}: speed and memory of the T5 engine (PICARD beam search) on Spider questions, through
 * JDBC: answer tokens per second of generation time, latency, and the process's resident memory before the model,
 * after it loaded and after the questions, for each beam width side by side in one run. Without {@code --model} it
 * writes a checkpoint with random weights in the shape asked for (tiny, or t5-small's 60M parameters), so it runs
 * with no download; the tokens are meaningless, their cost is not.
 */
@Command(name = "t5",
        header = "T5 engine speed (tokens/s, latency) and memory (RSS) per beam width, through JDBC",
        customSynopsis = "java -jar nl2sql-bench.jar t5 [options] [-Dnl2sql.x=y ...]",
        description = "Speed and memory of nl2sql.engine=t5 on Spider questions, for each beam width in one run.",
        footer = "-D takes driver properties such as nl2sql.precision=fp16 or nl2sql.device=gpu.")
final class T5SpeedCommand implements Subcommand {

    @Option(names = "--model", paramLabel = "DIR", description = "a T5 checkpoint directory (default: random weights "
            + "of --shape, written to a temporary directory with ../shared/models/t5-small/tokenizer.json)")
    Path model;

    @Option(names = "--shape", paramLabel = "NAME", description = "tiny (2+2 layers, d_model 32) or small (t5-small's "
            + "shape: 6+6 layers, d_model 512, 60M parameters); default small")
    String shape = "small";

    @Option(names = "--beams", paramLabel = "LIST", description = "beam widths to compare, comma-separated "
            + "(default 1,4)")
    String beams = "1,4";

    @Option(names = "--db", paramLabel = "ID", description = "Spider database (default concert_singer)")
    String db = "concert_singer";

    @Option(names = "--limit", paramLabel = "N", description = "questions per beam width (default 20)")
    int limit = 20;

    @Option(names = "--spider", paramLabel = "DIR",
            description = "the spider-dev folder (default ../shared/benchmarks/spider-dev)")
    Path spider = Path.of("../shared/benchmarks/spider-dev");

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default "
            + "benchmarks/target/t5-speed.json)")
    Path report = Path.of("benchmarks/target/t5-speed.json");

    @Mixin
    DriverSettings driver = new DriverSettings();

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        List<Integer> beamWidths = beamWidths(beams);
        OptionChecks.atLeast("--limit", limit, 1);
        Path model = this.model;
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("rss_kib_start", ProcessMemory.rssKiB());
        try {
            if (model == null) {
                model = Files.createTempDirectory("nl2sql-t5-" + shape);
                if (!shape.equals("tiny") && !shape.equals("small")) {
                    throw new UsageException("--shape is tiny or small, not " + shape);
                }
                T5Config config = RandomT5Checkpoint.shape(shape);
                RandomT5Checkpoint.write(model, Path.of("../shared/models/t5-small/tokenizer.json"), config, 1);
                result.put("checkpoint", "random weights, shape " + shape + ", " + config.parameterCount()
                        + " parameters");
                out.printf("t5: wrote a random %s checkpoint (%,d parameters) to %s%n", shape,
                        config.parameterCount(), model);
            } else {
                result.put("checkpoint", model.toString());
            }
            List<SpiderDataset.Question> questions = SpiderDataset.select(
                    SpiderDataset.load(spider.resolve("dev.json")), Set.of(db), null, limit);
            Path file = SpiderDataset.databaseFile(spider.resolve("database"), db).toAbsolutePath();
            result.put("database", db).put("questions", questions.size());
            ArrayNode runs = result.putArray("runs");
            for (int beams : beamWidths) {
                runs.add(measure(model, file, questions, beams, driver, out));
            }
        } catch (IOException e) {
            err.println("t5: " + e);
            return 1;
        } catch (SQLException e) {
            err.println("t5: " + e.getSQLState() + " " + e.getMessage());
            return 1;
        }
        result.put("rss_kib_end", ProcessMemory.rssKiB());
        return JsonReport.write(result, report, "t5", out, err);
    }

    private static ObjectNode measure(Path model, Path file, List<SpiderDataset.Question> questions, int beams,
            DriverSettings driver, PrintStream out) throws SQLException {
        Properties p = driver.connectionProperties();
        p.setProperty("nl2sql.engine", "t5");
        p.setProperty("nl2sql.model", model.toString());
        p.setProperty("nl2sql.beams", String.valueOf(beams));
        p.setProperty("nl2sql.beamTopK", String.valueOf(beams));
        ObjectNode run = new ObjectMapper().createObjectNode().put("beams", beams);
        long rssBefore = ProcessMemory.rssKiB();
        List<Double> latencies = new ArrayList<>();
        long tokens = 0;
        long generationMillis = 0;
        TreeMap<String, Integer> errors = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:jdbc:sqlite:" + file + "?open_mode=1", p);
             Statement s = c.createStatement()) {
            long loadStarted = System.nanoTime();
            ask(s, questions.get(0).text()); // loads the model
            run.put("first_question_ms", (System.nanoTime() - loadStarted) / 1_000_000);
            run.put("rss_kib_before_load", rssBefore).put("rss_kib_after_load", ProcessMemory.rssKiB());
            for (SpiderDataset.Question q : questions) {
                long started = System.nanoTime();
                try {
                    ask(s, q.text());
                    NlAnswerWarning answer = (NlAnswerWarning) s.getWarnings();
                    tokens += answer.generatedTokens();
                    generationMillis += answer.generationMillis();
                } catch (SQLException e) {
                    errors.merge(e.getSQLState(), 1, Integer::sum);
                }
                latencies.add((System.nanoTime() - started) / 1e6);
            }
        }
        double seconds = generationMillis / 1000.0;
        run.put("answer_tokens", tokens).put("generation_ms", generationMillis)
                .put("answer_tokens_per_second", seconds == 0 ? 0 : Math.round(tokens / seconds * 10) / 10.0);
        run.set("latency_ms", Percentiles.of(latencies));
        errors.forEach((state, n) -> run.with("errors").put(state, n));
        System.gc();
        Runtime rt = Runtime.getRuntime();
        run.put("rss_kib_after", ProcessMemory.rssKiB())
                .put("heap_kib_used_after_gc", (rt.totalMemory() - rt.freeMemory()) / 1024)
                .put("heap_kib_committed", rt.totalMemory() / 1024);
        out.printf("beams %d: %.1f answer tokens/s, latency p50 %s ms, RSS %d -> %d MiB (model loaded) -> %d MiB "
                + "(Java heap %d MiB used after GC, %d MiB committed), errors %s%n", beams,
                seconds == 0 ? 0 : tokens / seconds, run.get("latency_ms").get("p50"), rssBefore / 1024,
                run.get("rss_kib_after_load").asLong() / 1024, run.get("rss_kib_after").asLong() / 1024,
                run.get("heap_kib_used_after_gc").asLong() / 1024, run.get("heap_kib_committed").asLong() / 1024,
                errors);
        return run;
    }

    private static void ask(Statement s, String question) throws SQLException {
        s.clearWarnings();
        try (ResultSet rs = s.executeQuery("NL NEW: " + question)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    private static List<Integer> beamWidths(String list) throws UsageException {
        List<Integer> widths = new ArrayList<>();
        for (String part : list.split(",")) {
            try {
                int w = Integer.parseInt(part.strip());
                if (w < 1) {
                    throw new NumberFormatException();
                }
                widths.add(w);
            } catch (NumberFormatException e) {
                throw new UsageException("--beams takes widths such as 1,4, not " + list);
            }
        }
        return widths;
    }
}
