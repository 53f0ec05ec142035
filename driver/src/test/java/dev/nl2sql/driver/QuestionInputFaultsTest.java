package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs from the caller's side: a property value that would crash llama.cpp, a question of invisible
 * characters only, a database with no tables. Each is an SQLException with a fitting state, and the connection (and
 * the JVM) goes on serving.
 */
class QuestionInputFaultsTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    private static String h2Shop() {
        return "jdbc:nl2sql:h2:mem:inputs" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
    }

    @Test
    void aTemperatureThatIsNotFiniteIsRefusedBeforeLlamaCppSeesIt() throws SQLException {
        for (String temperature : List.of("NaN", "Infinity", "-Infinity")) {
            Properties p = TestModels.storiesProperties();
            p.setProperty("nl2sql.temperature", temperature);
            try (Connection c = DriverManager.getConnection(h2Shop(), p); Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
                assertEquals("22023", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("nl2sql.temperature"), e.getMessage());
                assertTrue(e.getMessage().contains("from 0.0 to 2.0"), e.getMessage());
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                    assertTrue(rs.next(), "the connection (and this JVM) goes on");
                }
            }
        }
        // the same model at a finite temperature still answers: the native library was never handed NaN
        Properties p = TestModels.storiesProperties();
        p.setProperty("nl2sql.temperature", "0.5");
        try (Connection c = DriverManager.getConnection(h2Shop(), p); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL: how many customers?")) {
                assertTrue(rs.getMetaData().getColumnCount() > 0);
            } catch (SQLException e) {
                assertTrue(e.getSQLState().startsWith("42"), "the tiny model writes poor SQL, nothing worse: "
                        + e.getSQLState() + " " + e.getMessage());
            }
        }
    }

    /** llama.cpp, started without Jinja, throws an uncaught C++ exception for a template it does not know. */
    @Test
    void aChatTemplateLlamaCppDoesNotKnowIsRefusedBeforeItSeesIt() throws SQLException {
        for (String template : List.of("{% for %}", "{{ raise_exception('x') }}", "nonsense")) {
            Properties p = TestModels.storiesProperties();
            p.setProperty("nl2sql.chatTemplate", template);
            try (Connection c = DriverManager.getConnection(h2Shop(), p); Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
                assertEquals("22023", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("nl2sql.chatTemplate") && e.getMessage().contains("llama3"),
                        e.getMessage());
            }
        }
        Properties p = TestModels.storiesProperties();
        p.setProperty("nl2sql.chatTemplate", "ChatML");
        try (Connection c = DriverManager.getConnection(h2Shop(), p); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL: how many customers?")) {
                assertTrue(rs.getMetaData().getColumnCount() > 0);
            } catch (SQLException e) {
                assertTrue(e.getSQLState().startsWith("42"), "a built-in name reaches the model: "
                        + e.getSQLState() + " " + e.getMessage());
            }
        }
    }

    @Test
    void aQuestionOfInvisibleCharactersIsRefusedAsEmpty(@TempDir Path dir) throws Exception {
        List<String> blanks = List.of("\u3000", "\u2003", "\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF",
                "\u00A0\u3000\u200B \t\uFEFF\u2007");
        StringBuilder replay = new StringBuilder();
        for (String blank : blanks) {
            replay.append(blank).append("x\tSELECT COUNT(*) FROM customers\n"); // answers exist: refused anyway
        }
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", Files.writeString(dir.resolve("q.tsv"), replay).toString());
        try (Connection c = DriverManager.getConnection(h2Shop(), p); Statement s = c.createStatement()) {
            for (String blank : blanks) {
                for (String command : List.of("NL:", "NL: ", "EXPLAIN NL:")) {
                    String hex = blank.codePoints().mapToObj(Integer::toHexString).toList().toString();
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(command + blank), hex);
                    assertEquals("42000", e.getSQLState(), hex + " " + e.getMessage());
                    assertTrue(e.getMessage().contains("The question is empty"), hex + " " + e.getMessage());
                    SQLException prepared = assertThrows(SQLException.class,
                            () -> c.prepareStatement(command + blank), hex);
                    assertEquals("42000", prepared.getSQLState(), hex + " " + prepared.getMessage());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void aDatabaseWithNoTablesIsAClearError(@TempDir Path dir) throws Exception {
        Path replay = Files.writeString(dir.resolve("q.tsv"), "How many?\tSELECT 1\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        String schema = "empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection pg = DriverManager.getConnection(PG); Connection maria = DriverManager.getConnection(MARIADB);
             Statement ps = pg.createStatement(); Statement ms = maria.createStatement()) {
            ps.execute("CREATE SCHEMA " + schema);
            ms.execute("CREATE DATABASE " + schema);
            try {
                assertNoTables("jdbc:nl2sql:sqlite:" + dir.resolve("mistyped.sqlite"), p); // created empty
                assertNoTables("jdbc:nl2sql:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1", p);
                assertNoTables("jdbc:nl2sql:" + PG + "&currentSchema=" + schema, p);
                assertNoTables("jdbc:nl2sql:mariadb://127.0.0.1:3306/" + schema + "?user=root", p);
            } finally {
                ps.execute("DROP SCHEMA " + schema);
                ms.execute("DROP DATABASE " + schema);
            }
        }
    }

    private static void assertNoTables(String url, Properties p) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: How many?"), url);
            assertEquals("42S02", e.getSQLState(), url + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("no tables that the question account can read"), e.getMessage());
            SQLException prepared = assertThrows(SQLException.class, () -> c.prepareStatement("NL: How many?"));
            assertEquals("42S02", prepared.getSQLState(), url + ": " + prepared.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "plain SQL still runs");
            }
        }
    }
}
