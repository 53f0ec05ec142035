package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 database builds a question's answer on the caller's heap. A question whose work cannot fit (four
 * million groups of a join: allowed SQL, but gigabytes of heap) ends in an SQLException, HY001, and the
 * caller's connection and database stay usable. Run in a child JVM with a small heap, so the test's own JVM is never
 * at risk.
 */
class HeapGuardTest {

    @Test
    void aQuestionThatFillsTheHeapEndsInAnSqlExceptionAndTheDatabaseSurvives(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-cp", System.getProperty("java.class.path"), Child.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = child.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(out);
        assertTrue(ended, "the child JVM did not end:\n" + tail(output));
        assertEquals(0, child.exitValue(), tail(output));
        assertTrue(output.contains("STATE HY001"), tail(output));
        assertTrue(output.contains("ALIVE 2000"), tail(output));
        assertFalse(output.contains("OutOfMemoryError\n\tat"), "an Error escaped:\n" + tail(output));
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    /** The child: one H2 database, one greedy question, then plain SQL on the same connection. */
    public static final class Child {
        public static void main(String[] args) throws IOException, SQLException {
            Path dir = Path.of(args[0]);
            Path replay = dir.resolve("greedy.tsv");
            Files.write(replay, List.of("all pairs of notes\tSELECT a.note, b.id, COUNT(*) FROM notes a, notes b "
                    + "GROUP BY a.note, a.id, b.id"),
                    StandardCharsets.UTF_8);
            Properties p = new Properties();
            p.setProperty("nl2sql.engine", "replay");
            p.setProperty("nl2sql.replay", replay.toString());
            try (Connection c = DriverManager.getConnection("jdbc:nl2sql:jdbc:h2:mem:greedy;DB_CLOSE_DELAY=-1", p)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE notes (id INT PRIMARY KEY, note VARCHAR(300))");
                    s.execute("INSERT INTO notes SELECT X, REPEAT('n', 300) FROM SYSTEM_RANGE(1, 2000)");
                }
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(240);
                    try (ResultSet rs = s.executeQuery("NL: all pairs of notes")) {
                        rs.next();
                        System.out.println("ANSWERED " + rs.getString(1).length());
                    }
                } catch (SQLException e) {
                    System.out.println("STATE " + e.getSQLState() + " " + e.getMessage());
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM notes")) {
                    rs.next();
                    System.out.println("ALIVE " + rs.getInt(1));
                }
            }
        }
    }
}
