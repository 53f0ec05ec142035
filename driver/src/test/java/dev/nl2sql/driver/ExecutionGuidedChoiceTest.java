package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.engine.server.FakeModelServer;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Execution-guided choice and self-correction: when a candidate fails on the database or finds nothing, the next one
 * is tried (a replay file's next line, or the model asked again with the error), within nl2sql.attempts.
 */
class ExecutionGuidedChoiceTest {

    private static final String QUESTION = "Who lives in Lisbon?";

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void anEmptyAnswerGivesWayToOneThatFindsRows(TestDatabase kind, @TempDir Path dir) throws Exception {
        TestDatabase.Target db = kind.open();
        String t = db.freshTable();
        // DDL through nl2sql: the schema cache sees it at once (DDL from elsewhere is seen within a minute)
        try (Connection wrapped = db.wrapped(); Statement s = wrapped.createStatement()) {
            s.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
            s.execute("INSERT INTO " + t + " VALUES (1, 'Ada', 'Lisbon'), (2, 'Alan', 'Berlin')");
        }
        try {
            // 'Lisboa', not 'lisbon': MariaDB compares text case-insensitively and would find Ada
            Path replay = replayFile(dir, QUESTION + "\tSELECT name FROM " + t + " WHERE city = 'Lisboa'",
                    QUESTION + "\tSELECT name FROM " + t + " WHERE city = 'Lisbon'");
            try (Connection c = DriverManager.getConnection(db.nl2sqlUrl(), replay(replay, 3));
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                    assertTrue(rs.next());
                    assertEquals("Ada", rs.getString(1));
                    assertFalse(rs.next());
                }
                NlAnswerWarning answer = assertInstanceOf(NlAnswerWarning.class, s.getWarnings());
                assertEquals(2, answer.attempts());
                assertTrue(answer.sql().contains("'Lisbon'"), answer.sql());
            }
        } finally {
            try (Connection wrapped = db.wrapped(); Statement s = wrapped.createStatement()) {
                s.execute("DROP TABLE " + t);
            }
        }
    }

    @Test
    void aCandidateThatFailsOnTheDatabaseGivesWayToTheNext(@TempDir Path dir) throws Exception {
        // Calcite accepts the cast; H2 refuses it at run time, as it would a model's wrong guess at a column's content
        Path replay = replayFile(dir, QUESTION + "\tSELECT CAST(name AS INT) FROM customers WHERE city = 'Lisbon'",
                QUESTION + "\tSELECT name FROM customers WHERE city = 'Lisbon'");
        try (Connection c = DriverManager.getConnection(shop(), replay(replay, 3));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            assertTrue(rs.next());
            assertEquals("Ada", rs.getString(1));
            assertEquals(2, ((NlAnswerWarning) s.getWarnings()).attempts());
        }
    }

    @Test
    void whenEveryCandidateFindsNothingTheFirstIsTheAnswer(@TempDir Path dir) throws Exception {
        Path replay = replayFile(dir, QUESTION + "\tSELECT name FROM customers WHERE city = 'Paris'",
                QUESTION + "\tSELECT city FROM customers WHERE name = 'Nobody'");
        try (Connection c = DriverManager.getConnection(shop(), replay(replay, 3));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            assertEquals("NAME", rs.getMetaData().getColumnName(1).toUpperCase());
            assertFalse(rs.next());
            assertEquals(2, ((NlAnswerWarning) s.getWarnings()).attempts());
        }
    }

    @Test
    void whenEveryCandidateFailsTheErrorSaysSoAndTheConnectionStaysUsable(@TempDir Path dir) throws Exception {
        Path replay = replayFile(dir, QUESTION + "\tSELECT CAST(name AS INT) FROM customers",
                QUESTION + "\tSELECT CAST(city AS INT) FROM customers");
        try (Connection c = DriverManager.getConnection(shop(), replay(replay, 3));
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
            assertEquals("22018", e.getSQLState(), "the database's own state: " + e.getMessage());
            assertTrue(e.getMessage().contains("failed on the database (2 attempts"), e.getMessage());
            assertTrue(e.getMessage().contains("CAST(\"CITY\""), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
        }
    }

    @Test
    void oneAttemptAndTheBaselineRunTheFirstCandidateOnly(@TempDir Path dir) throws Exception {
        Path replay = replayFile(dir, QUESTION + "\tSELECT name FROM customers WHERE city = 'lisbon'",
                QUESTION + "\tSELECT name FROM customers WHERE city = 'Lisbon'");
        Properties one = replay(replay, 1);
        Properties baseline = replay(replay, 3);
        baseline.setProperty("nl2sql.pipeline", "baseline");
        for (Properties p : List.of(one, baseline)) {
            try (Connection c = DriverManager.getConnection(shop(), p);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                assertFalse(rs.next());
                assertEquals(1, ((NlAnswerWarning) s.getWarnings()).attempts());
            }
        }
    }

    @Test
    void theSameQuestionOfAnotherDatabaseFindsTheLineThatFitsIt(@TempDir Path dir) throws Exception {
        // Spider asks "How many singers do we have?" of two databases; one replay file holds both answers
        Path replay = replayFile(dir, QUESTION + "\tSELECT name FROM people WHERE town = 'Lisbon'",
                QUESTION + "\tSELECT name FROM customers WHERE city = 'Lisbon'");
        Properties p = replay(replay, 1);
        try (Connection c = DriverManager.getConnection(shop(), p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            assertTrue(rs.next());
            assertEquals("Ada", rs.getString(1));
        }
    }

    @Test
    void explainDescribesTheFirstAnswerWithoutRunningIt(@TempDir Path dir) throws Exception {
        Path replay = replayFile(dir, QUESTION + "\tSELECT name FROM customers WHERE city = 'lisbon'",
                QUESTION + "\tSELECT name FROM customers WHERE city = 'Lisbon'");
        try (Connection c = DriverManager.getConnection(shop(), replay(replay, 3));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN NL: " + QUESTION)) {
            assertTrue(rs.next());
            assertTrue(rs.getString("sql").contains("'lisbon'"), rs.getString("sql"));
            assertEquals(1, rs.getInt("attempts"));
        }
    }

    @Test
    void theModelIsToldWhatWentWrongAndCorrectsItself() throws Exception {
        try (FakeModelServer model = new FakeModelServer().answeringInTurn(
                "SELECT name FROM customers WHERE city = 'lisbon'",
                "SELECT name FROM customers WHERE city = 'Lisbon'");
             Connection c = DriverManager.getConnection(shop(), server(model));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            assertTrue(rs.next());
            assertEquals("Ada", rs.getString(1));
            assertEquals(2, model.requests().size());
            JsonNode second = model.requests().get(1).get("messages").get(1);
            String told = second.get("content").asText();
            assertTrue(told.startsWith(QUESTION), told);
            assertTrue(told.contains("ran but found no rows") && told.contains("'lisbon'"), told);
            NlAnswerWarning answer = (NlAnswerWarning) s.getWarnings();
            assertEquals(2, answer.attempts());
            assertEquals(14, answer.generatedTokens(), "7 tokens per answer, both counted");
        }
    }

    @Test
    void aDatabaseErrorReachesTheModel() throws Exception {
        try (FakeModelServer model = new FakeModelServer().answeringInTurn(
                "SELECT CAST(name AS INT) FROM customers",
                "SELECT name FROM customers");
             Connection c = DriverManager.getConnection(shop(), server(model));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
            assertTrue(rs.next());
            String told = model.requests().get(1).get("messages").get(1).get("content").asText();
            assertTrue(told.contains("failed on the database") && told.contains("CAST"), told);
        }
    }

    private static String shop() {
        return "jdbc:nl2sql:h2:mem:eg" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
    }

    private static Path replayFile(Path dir, String... lines) throws Exception {
        return Files.write(dir.resolve("answers.tsv"), new ArrayList<>(List.of(lines)), StandardCharsets.UTF_8);
    }

    private static Properties replay(Path file, int attempts) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", file.toString());
        p.setProperty("nl2sql.attempts", String.valueOf(attempts));
        return p;
    }

    private static Properties server(FakeModelServer server) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "server");
        p.setProperty("nl2sql.serverUrl", server.baseUrl());
        p.setProperty("nl2sql.serverModel", "qwen2.5-coder-7b");
        return p;
    }
}
