package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.t5.RandomT5Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nl2sql.engine=t5 as a user runs it, through JDBC: a T5 checkpoint directory with random weights and the real T5
 * vocabulary, written by the test (no network, no Python); questions come back as ordinary ResultSets on SQLite (a
 * Spider database), H2 and PostgreSQL.
 */
class T5EngineTest {

    @TempDir
    static Path checkpoints;
    private static Path tiny;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        tiny = checkpoints.resolve("tiny-t5");
        RandomT5Checkpoint.write(tiny, TestModels.dir().resolve("t5-small").resolve("tokenizer.json"),
                RandomT5Checkpoint.tiny(2, 32), 7);
    }

    static Properties t5(Path model) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "t5");
        p.setProperty("nl2sql.model", model.toString());
        p.setProperty("nl2sql.device", "cpu");
        p.setProperty("nl2sql.maxTokens", "96");
        return p;
    }

    @Test
    void questionsOnASpiderDatabaseReturnResultSets() throws SQLException {
        String url = "jdbc:nl2sql:jdbc:sqlite:" + TestModels.spiderDatabase("concert_singer").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, t5(tiny)); Statement s = c.createStatement()) {
            for (String question : new String[] {"How many singers do we have?",
                "Show the name and the capacity of every stadium.", "Which concerts took place in 2014?"}) {
                try (ResultSet rs = s.executeQuery("NL: " + question)) {
                    assertTrue(rs.getMetaData().getColumnCount() >= 1);
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
                NlAnswerWarning answer = assertInstanceOf(NlAnswerWarning.class, s.getWarnings());
                assertTrue(answer.sql().toUpperCase(Locale.ROOT).startsWith("SELECT"), answer.sql());
                assertTrue(answer.model().startsWith("t5:"), answer.model());
                assertTrue(answer.promptTokens() > 20, "question and schema are tokenised: " + answer.promptTokens());
                assertTrue(answer.generatedTokens() > 0);
            }
        }
    }

    @Test
    void aTaughtQuestionIsAnsweredFromMemoryWithoutTheBeamSearch(@TempDir Path dir) throws SQLException {
        String url = "jdbc:nl2sql:jdbc:sqlite:" + TestModels.spiderDatabase("concert_singer").toAbsolutePath();
        Properties p = t5(tiny);
        p.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + dir.resolve("store") + ";AUTO_SERVER=TRUE");
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute("NL TEACH: How many singers do we have? => SELECT count(*) FROM singer");
            try (ResultSet rs = s.executeQuery("NL: how many singers do we have")) {
                assertTrue(rs.next());
                assertEquals(6, rs.getInt(1));
            }
            assertEquals("nl2sql memory", assertInstanceOf(NlAnswerWarning.class, s.getWarnings()).model());
            try (ResultSet rs = s.executeQuery("EXPLAIN NL: Show the name of every stadium.")) {
                assertTrue(rs.next());
                assertEquals("false", rs.getString("from_memory"));
                assertTrue(rs.getString("model").startsWith("t5:"));
            }
        }
    }

    @Test
    void explainShowsTheBeamSearchAnswer() throws SQLException {
        String url = "jdbc:nl2sql:jdbc:sqlite:" + TestModels.spiderDatabase("concert_singer").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, t5(tiny)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN NL: How many singers do we have?")) {
            assertTrue(rs.next());
            String sql = rs.getString("sql");
            assertTrue(sql.toUpperCase(Locale.ROOT).startsWith("SELECT"), sql);
            assertTrue(rs.getString("model").startsWith("t5:"));
        }
    }

    @Test
    void worksOnH2AndPostgreSql() throws SQLException {
        for (String target : new String[] {"jdbc:h2:mem:t5_" + System.nanoTime(),
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"}) {
            try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + target, t5(tiny));
                 Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS concert");
                s.execute("CREATE TABLE concert (concert_id INT PRIMARY KEY, concert_name VARCHAR(20), "
                        + "stadium_id INT)");
                s.execute("INSERT INTO concert VALUES (1, 'Auditions', 1), (2, 'Super bootcamp', 2)");
                try (ResultSet rs = s.executeQuery("NL: which concerts took place in stadium 1?")) {
                    assertTrue(rs.getMetaData().getColumnCount() >= 1, target);
                }
                s.execute("DROP TABLE concert");
            }
        }
    }

    @Test
    void aMissingOrIncompleteCheckpointIsAClearError(@TempDir Path dir) throws Exception {
        String url = "jdbc:nl2sql:jdbc:h2:mem:t5_errors_" + System.nanoTime();
        SQLException missing = ask(url, t5(dir.resolve("nowhere")));
        assertEquals("HY000", missing.getSQLState());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
        Files.copy(tiny.resolve("config.json"), incomplete.resolve("config.json"));
        Files.copy(tiny.resolve("tokenizer.json"), incomplete.resolve("tokenizer.json"));
        SQLException noWeights = ask(url, t5(incomplete));
        assertTrue(noWeights.getMessage().contains("convert-t5-checkpoint.py"), noWeights.getMessage());

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(tiny.resolve("config.json"), broken.resolve("config.json"));
        Files.copy(tiny.resolve("tokenizer.json"), broken.resolve("tokenizer.json"));
        Files.writeString(broken.resolve("model.safetensors"), "not a safetensors file");
        SQLException damaged = ask(url, t5(broken));
        assertEquals("HY000", damaged.getSQLState());
        assertTrue(damaged.getMessage().contains("cannot be loaded"), damaged.getMessage());

        Properties tpu = t5(tiny);
        tpu.setProperty("nl2sql.device", "tpu");
        SQLException device = ask(url, tpu);
        assertTrue(device.getMessage().contains("nl2sql.device"), device.getMessage());
    }

    private static SQLException ask(String url, Properties properties) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, properties); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pets (id INT, name VARCHAR(20))");
            return assertThrows(SQLException.class, () -> s.executeQuery("NL: how many pets are there?"));
        }
    }
}
