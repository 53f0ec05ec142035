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
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nl2sql.nlUser end to end on PostgreSQL: questions run as the SELECT-only account, while plain SQL on the same
 * connection keeps the caller's own rights.
 */
class QuestionAccountTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Test
    void questionsRunAsTheQuestionAccountAndPlainSqlAsTheCaller(@TempDir Path dir) throws Exception {
        String open = "open_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String secret = "secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + PG); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nl2sql_reader') THEN "
                    + "CREATE ROLE nl2sql_reader LOGIN PASSWORD 'reader'; END IF; END $$");
            s.execute("CREATE TABLE " + open + " (id INT PRIMARY KEY, city VARCHAR(20))");
            s.execute("INSERT INTO " + open + " VALUES (1, 'Lisbon'), (2, 'Porto')");
            s.execute("CREATE TABLE " + secret + " (id INT PRIMARY KEY, salary INT)");
            s.execute("INSERT INTO " + secret + " VALUES (1, 100)");
            s.execute("GRANT SELECT ON " + open + " TO nl2sql_reader");
        }
        Path replay = Files.writeString(dir.resolve("q.tsv"),
                "How many cities?\tSELECT COUNT(*) FROM " + open + "\n"
                        + "What are the salaries?\tSELECT salary FROM " + secret + "\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        p.setProperty("nl2sql.nlUser", "nl2sql_reader");
        p.setProperty("nl2sql.nlPassword", "reader");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + PG, p); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL: How many cities?")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
            SQLException denied = assertThrows(SQLException.class, () -> s.executeQuery("NL: What are the salaries?"));
            assertEquals("42501", denied.getSQLState(), denied.getMessage());
            assertTrue(denied.getMessage().contains("failed on the database"), denied.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT salary FROM " + secret)) {
                assertTrue(rs.next(), "plain SQL keeps the caller's own rights");
                assertEquals(100, rs.getInt(1));
            }
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:nl2sql:" + PG); Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + open);
                s.execute("DROP TABLE " + secret);
            }
        }
    }
}
