package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each layer of the connection for answers holds on its own: a write sent straight to that connection (past the SQL
 * checker, which would refuse it first) fails on every database, by its read-only mode or by the account's rights.
 */
class AnswerConnectionsTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    @Test
    void sqliteOpensReadOnly(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("a.sqlite");
        setUp(url, "CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1)");
        try (Connection answers = answers(url, new Properties())) {
            assertOneRow(answers);
            SQLException e = assertThrows(SQLException.class, () -> write(answers, "INSERT INTO t VALUES (2)"));
            assertTrue(e.getMessage().contains("readonly") || e.getMessage().contains("read-only")
                    || e.getMessage().contains("query_only"), e.getMessage());
            // undoing query_only does not help: the file is open read-only (sqlite-jdbc's execute runs one statement)
            write(answers, "PRAGMA query_only = 0");
            assertThrows(SQLException.class, () -> write(answers, "INSERT INTO t VALUES (2)"));
        }
    }

    @Test
    void postgresqlRunsReadOnlyTransactionsAndAsTheQuestionAccount() throws Exception {
        String t = table();
        setUp(PG, "CREATE TABLE " + t + " (x INT)", "INSERT INTO " + t + " VALUES (1)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nl2sql_reader') THEN "
                        + "CREATE ROLE nl2sql_reader LOGIN PASSWORD 'reader'; END IF; END $$",
                "GRANT SELECT ON " + t + " TO nl2sql_reader");
        try {
            try (Connection answers = answers(PG, new Properties())) {
                assertOneRow(answers, t);
                SQLException e = assertThrows(SQLException.class,
                        () -> write(answers, "INSERT INTO " + t + " VALUES (2)"));
                assertEquals("25006", e.getSQLState(), e.getMessage());
            }
            try (Connection answers = answers(PG, reader("reader"))) {
                assertOneRow(answers, t);
                try (Statement s = answers.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
                    rs.next();
                    assertEquals("nl2sql_reader", rs.getString(1), "the URL's user=postgres is not used");
                }
                // even with the read-only session undone, the account cannot write
                write(answers, "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
                SQLException e = assertThrows(SQLException.class,
                        () -> write(answers, "INSERT INTO " + t + " VALUES (2)"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
            // the test server trusts every password on loopback, so a wrong account stands in for a wrong password
            Properties nobody = reader("reader");
            nobody.setProperty("nl2sql.nlUser", "nl2sql_nobody");
            SQLException wrong = assertThrows(SQLException.class, () -> answers(PG, nobody));
            assertEquals("28000", wrong.getSQLState(), wrong.getMessage());
            assertTrue(wrong.getMessage().contains("nl2sql.nlUser 'nl2sql_nobody' could not log in"),
                    wrong.getMessage());
        } finally {
            setUp(PG, "DROP TABLE " + t);
        }
    }

    @Test
    void mariadbRunsReadOnlyTransactionsAndAsTheQuestionAccount() throws Exception {
        String t = table();
        setUp(MARIADB, "CREATE TABLE " + t + " (x INT)", "INSERT INTO " + t + " VALUES (1)",
                "CREATE USER IF NOT EXISTS 'nl2sql_reader'@'%' IDENTIFIED BY 'reader'",
                "CREATE USER IF NOT EXISTS 'nl2sql_reader'@'localhost' IDENTIFIED BY 'reader'",
                "GRANT SELECT ON test." + t + " TO 'nl2sql_reader'@'%'",
                "GRANT SELECT ON test." + t + " TO 'nl2sql_reader'@'localhost'");
        try {
            try (Connection answers = answers(MARIADB, new Properties())) {
                assertOneRow(answers, t);
                SQLException e = assertThrows(SQLException.class,
                        () -> write(answers, "INSERT INTO " + t + " VALUES (2)"));
                assertEquals("25006", e.getSQLState(), e.getMessage());
            }
            try (Connection answers = answers(MARIADB, reader("reader"))) {
                assertOneRow(answers, t);
                write(answers, "SET SESSION TRANSACTION READ WRITE");
                SQLException e = assertThrows(SQLException.class,
                        () -> write(answers, "INSERT INTO " + t + " VALUES (2)"));
                assertTrue(e.getMessage().contains("denied"), e.getMessage());
            }
        } finally {
            setUp(MARIADB, "DROP TABLE " + t);
        }
    }

    @Test
    void h2HasNoReadOnlySessionSoTheAccountIsTheGuard() throws Exception {
        String url = "jdbc:h2:mem:answers" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        setUp(url, "CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1)",
                "CREATE USER nl2sql_reader PASSWORD 'reader'", "GRANT SELECT ON t TO nl2sql_reader");
        try (Connection answers = answers(url, reader("reader"))) {
            assertOneRow(answers);
            SQLException e = assertThrows(SQLException.class, () -> write(answers, "INSERT INTO t VALUES (2)"));
            assertEquals("90096", String.valueOf(e.getErrorCode()), e.getMessage());
            SQLException admin = assertThrows(SQLException.class,
                    () -> write(answers, "CALL CSVWRITE('" + System.getProperty("java.io.tmpdir") + "/x.csv', "
                            + "'SELECT 1')"));
            assertEquals("90040", String.valueOf(admin.getErrorCode()), admin.getMessage());
        }
    }

    @Test
    void aPrivateInMemoryDatabaseStaysOnTheCallersConnection() throws Exception {
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:h2:mem:"));
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:h2:mem:;MODE=MySQL"));
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:sqlite::memory:"));
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:sqlite:"));
        assertFalse(AnswerConnections.isPrivateInMemory("jdbc:h2:mem:shop"));
        assertFalse(AnswerConnections.isPrivateInMemory("jdbc:sqlite:file:x?mode=memory&cache=shared"));
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:sqlite:file::memory:"));
        assertFalse(AnswerConnections.isPrivateInMemory("jdbc:sqlite:/data/memory-of-sales.db"), "a file, not memory");
        assertFalse(AnswerConnections.isPrivateInMemory(PG));
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:duckdb:"));
        assertTrue(AnswerConnections.isPrivateInMemory("jdbc:duckdb::memory:"));
        assertFalse(AnswerConnections.isPrivateInMemory("jdbc:duckdb::memory:shop"), "named: shared in the JVM");
        assertFalse(AnswerConnections.isPrivateInMemory("jdbc:duckdb:/data/shop.duckdb"));
        assertNull(connections("jdbc:h2:mem:", new Properties()).open());
        SQLException e = assertThrows(SQLException.class, () -> connections("jdbc:h2:mem:", reader("x")).open());
        assertEquals("28000", e.getSQLState());
    }

    @Test
    void credentialsInTheUrlGiveWayToTheQuestionAccount() {
        assertEquals("jdbc:postgresql://h/db", AnswerConnections.withoutCredentials("jdbc:postgresql://h/db?user=a"));
        assertEquals("jdbc:postgresql://h/db?ssl=true",
                AnswerConnections.withoutCredentials("jdbc:postgresql://h/db?user=a&password=b&ssl=true"));
        assertEquals("jdbc:mariadb://h/db?ssl=true",
                AnswerConnections.withoutCredentials("jdbc:mariadb://h/db?ssl=true&user=a"));
        assertEquals("jdbc:h2:mem:x;MODE=MySQL",
                AnswerConnections.withoutCredentials("jdbc:h2:mem:x;USER=sa;PASSWORD=p;MODE=MySQL"));
    }

    private static Properties reader(String password) {
        Properties p = new Properties();
        p.setProperty("nl2sql.nlUser", "nl2sql_reader");
        p.setProperty("nl2sql.nlPassword", password);
        return p;
    }

    private static AnswerConnections connections(String url, Properties properties) throws SQLException {
        Driver driver = DriverManager.getDriver(url.equals("jdbc:h2:mem:") ? "jdbc:h2:mem:x" : url);
        return new AnswerConnections(driver, url, DriverConfig.resolve(properties));
    }

    /**
     * The second layer behind the setting-proof rendering, alone: whatever the caller's URL says, the connection for
     * answers runs one statement per call and reads literals the standard way.
     */
    @Test
    void mariadbAnswersRunOneStatementAndNoBackslashEscapesWhateverTheUrlSays() throws Exception {
        String hostile = MARIADB + "&allowMultiQueries=true&sessionVariables=sql_mode='ANSI_QUOTES'";
        try (Connection caller = DriverManager.getConnection(hostile); Statement s = caller.createStatement()) {
            s.execute("SELECT 1; SELECT 2"); // the caller's own connection does what its URL says
        }
        try (Connection answers = answers(hostile, new Properties()); Statement s = answers.createStatement()) {
            assertThrows(SQLException.class, () -> s.execute("SELECT 1; SELECT 2"));
            try (ResultSet rs = s.executeQuery("SELECT '\\', @@SESSION.sql_mode")) {
                assertTrue(rs.next());
                assertEquals("\\", rs.getString(1), "a backslash is a character, not an escape");
                assertTrue(rs.getString(2).contains("NO_BACKSLASH_ESCAPES"), rs.getString(2));
                assertTrue(rs.getString(2).contains("ANSI_QUOTES"), "the caller's other modes stay");
            }
            assertThrows(SQLException.class, () -> s.executeUpdate("SET SESSION TRANSACTION READ WRITE; DO 1"));
        }
    }

    @Test
    void postgresqlAnswersReadStandardStringsWhateverTheUrlSays() throws Exception {
        String hostile = PG + "&options=-c%20standard_conforming_strings=off&preferQueryMode=simple";
        try (Connection answers = answers(hostile, new Properties()); Statement s = answers.createStatement();
             ResultSet rs = s.executeQuery("SELECT '\\', current_setting('standard_conforming_strings')")) {
            assertTrue(rs.next());
            assertEquals("\\", rs.getString(1), "a backslash is a character, not an escape");
            assertEquals("on", rs.getString(2));
        }
    }

    private static Connection answers(String url, Properties properties) throws SQLException {
        Connection c = connections(url, properties).open();
        assertNotNull(c);
        return c;
    }

    private static void setUp(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static void write(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void assertOneRow(Connection c) throws SQLException {
        assertOneRow(c, "t");
    }

    private static void assertOneRow(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    private static String table() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
