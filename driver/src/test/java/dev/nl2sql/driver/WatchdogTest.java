package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-jdbc does not stop a CPU-bound query with setQueryTimeout; the driver's watchdog cancels generated SQL at
 * the question's deadline, and the connection goes on serving.
 */
class WatchdogTest {

    private static final String SLOW = "SELECT COUNT(*) FROM numbers a, numbers b, numbers c WHERE a.n + b.n + c.n < 0";

    @Test
    void aCpuBoundSqliteAnswerIsCancelledAtTheDeadline(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("slow.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE numbers (n INTEGER)");
            s.execute("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 3000) "
                    + "INSERT INTO numbers SELECT n FROM k");
        }
        Path replay = Files.writeString(dir.resolve("slow.tsv"), "Count the triples\t" + SLOW + "\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        p.setProperty("nl2sql.attempts", "1");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:sqlite:" + db, p)) {
            for (boolean prepared : new boolean[] {false, true}) {
                long start = System.nanoTime();
                SQLException e;
                if (prepared) {
                    try (PreparedStatement ps = c.prepareStatement("NL: Count the triples")) {
                        ps.setQueryTimeout(1);
                        e = assertThrows(SQLException.class, ps::executeQuery);
                    }
                } else {
                    try (Statement s = c.createStatement()) {
                        s.setQueryTimeout(1);
                        e = assertThrows(SQLException.class, () -> s.executeQuery("NL: Count the triples"));
                    }
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals("HYT00", e.getSQLState(), e.getMessage());
                // 27 billion row combinations take minutes; cancelled after about one second (generous bound)
                assertTrue(millis < 20_000, "cancelled after " + millis + " ms");
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM numbers")) {
                    rs.next();
                    assertEquals(3000, rs.getInt(1), "the connection serves the next statement");
                }
            }
        }
    }
}
