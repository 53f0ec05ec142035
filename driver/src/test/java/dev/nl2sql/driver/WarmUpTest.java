package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nl2sql.warmUp: the schema (and with it the grammar, the checker and Calcite) is prepared in the background when
 * the connection opens, the first question waits for it instead of racing it, and a warm-up that fails changes
 * nothing a question reports.
 *
 * <p>Whether the schema was read before the question is observed through the schema cache: the table is dropped
 * behind nl2sql's back (on a plain H2 connection, so nothing invalidates the cache) and EXPLAIN NL:, which runs
 * nothing, still finds it only if the schema had been read before the drop.
 */
class WarmUpTest {

    private static final String QUESTION = "how many pets are there?";

    private static String database(Path dir, String name) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE warm_pets (id INT PRIMARY KEY, name VARCHAR(20))");
            s.execute("INSERT INTO warm_pets VALUES (1, 'Rex'), (2, 'Tom'), (3, 'Kit')");
        }
        return url;
    }

    private static Properties settings(Path dir, String warmUp) throws Exception {
        Path replay = Files.write(dir.resolve("answers.tsv"), List.of(QUESTION + "\tSELECT COUNT(*) FROM warm_pets"),
                StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        p.setProperty("nl2sql.memory", "off");
        if (warmUp != null) {
            p.setProperty("nl2sql.warmUp", warmUp);
        }
        return p;
    }

    private static void awaitWarmUp(Connection c) throws Exception {
        Nl2SqlConnection connection = c.unwrap(Nl2SqlConnection.class);
        for (int i = 0; i < 600 && !connection.warmUpDone(); i++) {
            Thread.sleep(50);
        }
        assertTrue(connection.warmUpDone(), "the warm-up ends (30 s at most on the slowest machine)");
    }

    private static void dropBehindTheCache(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE warm_pets");
        }
    }

    @Test
    void theSchemaIsReadWhenTheConnectionOpensNotAtTheFirstQuestion(@TempDir Path dir) throws Exception {
        String url = database(dir, "warm");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, settings(dir, "on"));
             Statement s = c.createStatement()) {
            awaitWarmUp(c);
            dropBehindTheCache(url);
            try (ResultSet rs = s.executeQuery("EXPLAIN NL: " + QUESTION)) {
                assertTrue(rs.next());
                assertTrue(rs.getString("sql").toLowerCase(java.util.Locale.ROOT).contains("warm_pets"), rs.getString("sql"));
            }
        }
    }

    @Test
    void withoutWarmUpTheFirstQuestionReadsTheSchema(@TempDir Path dir) throws Exception {
        String url = database(dir, "cold");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, settings(dir, null));
             Statement s = c.createStatement()) {
            dropBehindTheCache(url);
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("EXPLAIN NL: " + QUESTION));
            assertEquals("42S02", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void aQuestionAskedAtOnceWaitsForTheWarmUpAndIsAnswered(@TempDir Path dir) throws Exception {
        Properties settings = settings(dir, "on");
        for (int round = 0; round < 10; round++) {
            String url = database(dir, "race" + round);
            try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, settings);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: " + QUESTION)) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1), "round " + round);
            }
        }
    }

    @Test
    void aFailedWarmUpNeitherFailsTheConnectNorChangesTheQuestionsError(@TempDir Path dir) throws Exception {
        String url = database(dir, "broken");
        Properties cold = settings(dir, null);
        cold.setProperty("nl2sql.replay", dir.resolve("missing.tsv").toString());
        Properties warm = (Properties) cold.clone();
        warm.setProperty("nl2sql.warmUp", "on");
        SQLException withoutWarmUp;
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, cold); Statement s = c.createStatement()) {
            withoutWarmUp = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, warm); Statement s = c.createStatement()) {
            awaitWarmUp(c);
            SQLException withWarmUp = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
            assertEquals(withoutWarmUp.getSQLState(), withWarmUp.getSQLState());
            assertEquals(withoutWarmUp.getMessage(), withWarmUp.getMessage());
        }
    }

    @Test
    void aBadValueConnectsAndTheFirstQuestionNamesIt(@TempDir Path dir) throws Exception {
        String url = database(dir, "bad");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, settings(dir, "sometimes"));
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + QUESTION));
            assertEquals("22023", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("nl2sql.warmUp"), e.getMessage());
        }
    }

    @Test
    void warmUpThreadsAreDaemonsAndClosingAConnectionDuringItIsHarmless(@TempDir Path dir) throws Exception {
        String url = database(dir, "closed");
        Properties settings = settings(dir, "on");
        for (int round = 0; round < 5; round++) {
            DriverManager.getConnection("jdbc:nl2sql:" + url, settings).close();
        }
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + url, settings)) {
            awaitWarmUp(c);
        }
        assertTrue(WarmUp.liveThreads() <= 2, "bounded: " + WarmUp.liveThreads());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("nl2sql-warm-up-")) {
                assertTrue(t.isDaemon(), t.getName());
            }
        }
    }
}
