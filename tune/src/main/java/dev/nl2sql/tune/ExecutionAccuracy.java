package dev.nl2sql.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.t5.T5Models;
import dev.nl2sql.engine.t5.training.ValidationScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation execution accuracy through the driver, as a user would meet the trained model: each held-out question
 * is asked on a {@code jdbc:nl2sql:} connection with the T5 engine and the weights under test (beam search under
 * the schema checker, execution-guided choice), and its rows are compared with the gold query's rows. Every
 * question stands alone (no conversation, no memory: a taught pair would answer without the model).
 */
final class ExecutionAccuracy implements ValidationScorer {

    private static final Logger log = LoggerFactory.getLogger(ExecutionAccuracy.class);
    private static final int MAX_ROWS = 10_000;

    /** One held-out question and the SQL that answers it. */
    record Question(String question, String sql) {
    }

    private final DatabaseOptions database;
    private final Path base;
    private final boolean full;
    private final List<Question> questions;
    private final Map<String, String> engineSettings;

    ExecutionAccuracy(DatabaseOptions database, Path base, boolean full, List<Question> questions,
            Map<String, String> engineSettings) {
        this.database = database;
        this.base = base;
        this.full = full;
        this.questions = List.copyOf(questions);
        this.engineSettings = Map.copyOf(engineSettings);
    }

    /** The validation questions of a training set folder ({@code t5/validation.jsonl}). */
    static List<Question> read(Path set) throws IOException {
        Path file = set.resolve("t5").resolve("validation.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<Question> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            if (node.hasNonNull("question") && node.hasNonNull("sql")) {
                out.add(new Question(node.get("question").asText(), node.get("sql").asText()));
            }
        }
        return out;
    }

    int size() {
        return questions.size();
    }

    /** The weights an epoch wrote: a whole checkpoint (full fine-tuning) or an adapter of the base. */
    @Override
    public double score(Path weights, int epoch) throws SQLException {
        return full ? measure(weights, null) : measure(base, weights);
    }

    /**
     * The share of validation questions answered with the gold query's rows, with this checkpoint and adapter
     * (null: none). The model is unloaded afterwards: each epoch's weights are used once.
     */
    double measure(Path model, Path adapter) throws SQLException {
        Map<String, String> settings = new HashMap<>(engineSettings);
        settings.put("nl2sql.engine", "t5");
        settings.put("nl2sql.model", model.toString());
        settings.put("nl2sql.memory", "off");
        settings.put("nl2sql.conversation", "off");
        settings.put("nl2sql.warmUp", "off");
        if (adapter != null) {
            settings.put("nl2sql.adapter", adapter.toString());
        }
        int asked = 0;
        int right = 0;
        try (Connection gold = database.open(Map.of("nl2sql.memory", "off"));
             Connection answers = database.open(settings);
             Statement goldStatement = gold.createStatement();
             Statement questionStatement = answers.createStatement()) {
            for (Question q : questions) {
                ResultRows expected;
                try (ResultSet rs = goldStatement.executeQuery(q.sql())) {
                    expected = ResultRows.read(rs, MAX_ROWS);
                } catch (SQLException e) {
                    log.warn("Left out of validation: its SQL no longer runs ({}): {}", e.getMessage(), q.sql());
                    continue;
                }
                asked++;
                try (ResultSet rs = questionStatement.executeQuery("NL: " + q.question())) {
                    if (expected.sameAnswer(ResultRows.read(rs, MAX_ROWS), q.sql())) {
                        right++;
                    }
                } catch (SQLException e) {
                    // a question the model cannot answer is a wrong answer; a broken connection is not
                    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                        throw e;
                    }
                    log.debug("Validation question not answered ({}): {}", e.getSQLState(), q.question());
                }
            }
        } finally {
            T5Models.unload(model, adapter);
        }
        return asked == 0 ? 0 : (double) right / asked;
    }
}
