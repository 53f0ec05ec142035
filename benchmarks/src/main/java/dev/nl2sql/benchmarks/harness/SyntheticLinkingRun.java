package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Linking on a big schema, through JDBC: an in-memory H2 database of {@code --synthetic} tables
 * ({@link SyntheticSchema}) and generated questions give linking time, prompt size and recall; with a real GGUF model
 * ({@code --token-model}) {@code EXPLAIN NL:} also gives the prompt in that model's tokens.
 */
final class SyntheticLinkingRun {

    private final LinkingCommand.Options options;
    private final PrintStream out;

    SyntheticLinkingRun(LinkingCommand.Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    ObjectNode measure() throws IOException, SQLException {
        String url = "jdbc:nl2sql:h2:mem:linking_synthetic_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        ObjectNode n = new ObjectMapper().createObjectNode();
        Path dir = Files.createTempDirectory("nl2sql-synthetic");
        try (Connection keepAlive = DriverManager.getConnection(url)) {
            long started = System.nanoTime();
            SyntheticSchema schema = SyntheticSchema.create(keepAlive, options.syntheticTables(), 42);
            List<SyntheticSchema.Question> questions = schema.questions(options.syntheticQuestions(), 7);
            out.printf(Locale.ROOT, "synthetic: %d tables created in %.1f s%n", schema.tableCount(),
                    (System.nanoTime() - started) / 1e9);
            Path replay = dir.resolve("synthetic.tsv");
            Files.write(replay, questions.stream().map(q -> q.text() + "\t" + q.sql()).collect(Collectors.toList()),
                    StandardCharsets.UTF_8);
            n.put("tables", schema.tableCount());
            n.put("questions", questions.size());
            int budget = options.budgets().get(0);
            n.put("budget", budget);
            Properties p = new Properties();
            p.setProperty("nl2sql.engine", "replay");
            p.setProperty("nl2sql.replay", replay.toAbsolutePath().toString());
            p.setProperty("nl2sql.schemaPromptChars", Integer.toString(budget));
            List<Double> millis = new ArrayList<>();
            List<Double> warmMillis = new ArrayList<>();
            List<Double> chars = new ArrayList<>();
            List<Double> tablesLinked = new ArrayList<>();
            int goldTables = 0;
            int foundTables = 0;
            int values = 0;
            try (Connection c = DriverManager.getConnection(url, p)) {
                long first = System.nanoTime();
                ExplainedLinking.explain(c, questions.get(0).text());
                n.put("first_question_ms", LinkingTally.round((System.nanoTime() - first) / 1e6));
                for (SyntheticSchema.Question q : questions) {
                    ExplainedLinking linked = ExplainedLinking.explain(c, q.text());
                    millis.add(linked.linkingMillis());
                    chars.add((double) linked.promptChars());
                    tablesLinked.add((double) linked.tables().size());
                    goldTables += q.tables().size();
                    foundTables += (int) q.tables().stream()
                            .filter(t -> linked.tables().stream().anyMatch(l -> l.equalsIgnoreCase(t))).count();
                    values += linked.values().contains(q.value()) ? 1 : 0;
                }
                // the same questions again: the JIT has compiled the linking code by now, as in a running application
                for (SyntheticSchema.Question q : questions) {
                    warmMillis.add(ExplainedLinking.explain(c, q.text()).linkingMillis());
                }
            }
            n.set("linking_ms", Percentiles.of(millis));
            n.set("linking_ms_second_pass", Percentiles.of(warmMillis));
            n.set("prompt_chars", Percentiles.of(chars));
            n.set("tables_linked", Percentiles.of(tablesLinked));
            n.put("table_recall", LinkingTally.round((double) foundTables / goldTables));
            n.put("value_recall", LinkingTally.round((double) values / questions.size()));
            if (options.tokenModel() != null) {
                n.set("prompt_tokens", tokens(url, replay, questions, budget));
            }
            out.println("synthetic: " + n);
        }
        return n;
    }

    /** Prompt tokens as the model's tokenizer counts them, through EXPLAIN NL: with a real GGUF model. */
    private ObjectNode tokens(String url, Path replay, List<SyntheticSchema.Question> questions, int budget) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "llama");
        p.setProperty("nl2sql.model", options.tokenModel().toAbsolutePath().toString());
        p.setProperty("nl2sql.threads", "1");
        p.setProperty("nl2sql.contextSize", "4096");
        p.setProperty("nl2sql.maxTokens", "256");
        p.setProperty("nl2sql.schemaPromptChars", Integer.toString(budget));
        List<Double> tokens = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        int failed = 0;
        String firstFailure = null;
        try (Connection c = DriverManager.getConnection(url, p)) {
            for (SyntheticSchema.Question q : questions.subList(0, Math.min(options.tokenQuestions(),
                    questions.size()))) {
                long started = System.nanoTime();
                try {
                    ExplainedLinking linked = ExplainedLinking.explain(c, q.text());
                    tokens.add((double) linked.promptTokens());
                } catch (SQLException e) {
                    failed++;
                    firstFailure = firstFailure == null ? e.getMessage() : firstFailure;
                }
                seconds.add((System.nanoTime() - started) / 1e9);
            }
        } catch (SQLException e) {
            firstFailure = e.getMessage();
        }
        ObjectNode n = Percentiles.of(tokens);
        n.put("model", options.tokenModel().getFileName().toString());
        n.put("questions", tokens.size());
        n.put("failed", failed);
        if (firstFailure != null) {
            n.put("first_failure", firstFailure.length() > 300 ? firstFailure.substring(0, 300) : firstFailure);
        }
        n.set("seconds_per_question", Percentiles.of(seconds));
        return n;
    }
}
