package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EXPLAIN NL: reports what linking put into the prompt, through JDBC, with answers replayed on Spider's SQLite. */
class LinkingExplainTest {

    private static final String FRANCE = "What are the names of the singers from france?";
    private static final String BRIDGE = "What are the names of the singers who performed in a concert in 2014?";

    private static Properties replay(Path dir, String pipeline, int budget) throws Exception {
        Path file = dir.resolve("answers.tsv");
        Files.writeString(file, FRANCE + "\tSELECT Name FROM singer WHERE Country = 'France'\n"
                + BRIDGE + "\tSELECT T2.Name FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.Singer_ID = "
                + "T2.Singer_ID JOIN concert AS T3 ON T1.concert_ID = T3.concert_ID WHERE T3.Year = '2014'\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", file.toString());
        p.setProperty("nl2sql.pipeline", pipeline);
        p.setProperty("nl2sql.schemaPromptChars", Integer.toString(budget));
        return p;
    }

    private record Explained(String sql, List<String> tables, List<String> columns, String values, double millis,
            int promptChars) {
    }

    private static Explained explain(Connection c, String question) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN NL: " + question)) {
            assertTrue(rs.next());
            Explained e = new Explained(rs.getString("sql"), split(rs.getString("linked_tables")),
                    split(rs.getString("linked_columns")), rs.getString("matched_values"),
                    rs.getDouble("linking_ms"), rs.getInt("prompt_chars"));
            assertFalse(rs.next());
            return e;
        }
    }

    private static List<String> split(String list) {
        return list.isEmpty() ? List.of() : List.of(list.split(", "));
    }

    private static String url() {
        return "jdbc:nl2sql:sqlite:" + TestModels.spiderDatabase("concert_singer");
    }

    @Test
    void theWholeSchemaAndTheValueAsStoredWhenItFits(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(url(), replay(dir, "full", 6000))) {
            Explained e = explain(c, FRANCE);
            assertEquals(List.of("concert", "singer", "singer_in_concert", "stadium"), e.tables());
            assertTrue(e.columns().contains("singer.Country"), e.columns().toString());
            assertEquals("singer.Country = 'France'", e.values());
            assertTrue(e.millis() >= 0 && e.millis() < 1000, "linking ms " + e.millis());
            assertTrue(e.promptChars() > 300 && e.promptChars() < 6500, "prompt chars " + e.promptChars());
        }
    }

    @Test
    void aTightBudgetKeepsTheTablesTheQuestionNeeds(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(url(), replay(dir, "full", 500))) {
            Explained e = explain(c, BRIDGE);
            assertTrue(e.tables().containsAll(List.of("concert", "singer", "singer_in_concert")), e.tables().toString());
            assertFalse(e.columns().contains("stadium.Highest"), "pruned: " + e.columns());
            assertTrue(e.columns().containsAll(List.of("singer.Name", "concert.Year", "singer_in_concert.Singer_ID")),
                    e.columns().toString());
            assertTrue(e.sql().contains("singer_in_concert"), e.sql());
            assertTrue(e.promptChars() < 500 + 400, "prompt chars " + e.promptChars());
        }
    }

    @Test
    void theBaselineLinksNothing(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(url(), replay(dir, "baseline", 6000))) {
            Explained e = explain(c, FRANCE);
            assertEquals(List.of(), e.tables());
            assertEquals("", e.values());
            assertTrue(e.promptChars() > 300, "prompt chars " + e.promptChars());
            assertTrue(e.sql().contains("'France'"), e.sql());
        }
    }
}
