package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Questions answered end to end with a real GGUF model (stories260K: it knows no SQL, so its SQL is meaningless, but
 * under the schema grammar every statement must parse, validate, name only real tables and columns, and run).
 */
class NlQuestionsTest {

    private static final List<String> SHOP_QUESTIONS = List.of(
            "How many customers are there?",
            "List the names of all products in the Coffee category.",
            "What is the total amount of all orders?",
            "Which city has the most customers?",
            "Show the five most expensive products.",
            "Which customers have never placed an order?",
            "What is the average price per category?",
            "How many orders were placed in 2024?",
            "List each customer with the number of orders they placed.",
            "Which products are out of stock?");

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void everyGeneratedStatementRunsAndReturnsRows(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String customers = "nlt_customers_" + suffix;
        String orders = "nlt_orders_" + suffix;
        try (Connection c = DriverManager.getConnection(target.nl2sqlUrl(), unrelatedQuestions());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + customers + " (id INT PRIMARY KEY, name VARCHAR(60), city VARCHAR(40))");
            s.execute("CREATE TABLE " + orders + " (id INT PRIMARY KEY, customer_id INT REFERENCES " + customers
                    + " (id), amount DECIMAL(10,2), status VARCHAR(20))");
            s.execute("INSERT INTO " + customers + " VALUES (1, 'Ada', 'Lisbon'), (2, 'Grace', 'Porto')");
            s.execute("INSERT INTO " + orders + " VALUES (1, 1, 12.50, 'shipped'), (2, 2, 3.20, 'placed')");
            try {
                for (String question : SHOP_QUESTIONS) {
                    assertAnswered(c, s, question);
                }
            } finally {
                s.execute("DROP TABLE " + orders);
                s.execute("DROP TABLE " + customers);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"concert_singer", "pets_1", "car_1"})
    void spiderDatabasesOnSqlite(String databaseId) throws Exception {
        Path file = TestModels.spiderDatabase(databaseId);
        assertTrue(Files.isRegularFile(file), "Spider database " + file.toAbsolutePath());
        List<String> questions = SpiderQuestions.of(databaseId, 12);
        assertEquals(12, questions.size());
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:sqlite:" + file, unrelatedQuestions());
             Statement s = c.createStatement()) {
            for (String question : questions) {
                assertAnswered(c, s, question);
            }
        }
    }

    /** Unrelated questions, one after another: each stands alone, as it would on a connection of its own. */
    private static Properties unrelatedQuestions() {
        Properties p = TestModels.storiesProperties();
        p.setProperty("nl2sql.conversation", "off");
        return p;
    }

    /** The question runs through execute() + getResultSet(), as sqlline and Metabase call it. */
    private static void assertAnswered(Connection c, Statement s, String question) throws SQLException {
        assertTrue(s.execute("NL: " + question), question);
        ResultSet rs = s.getResultSet();
        assertNotNull(rs, question);
        assertSame(s, rs.getStatement());
        int columns = rs.getMetaData().getColumnCount();
        assertTrue(columns > 0, question);
        int rows = 0;
        while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
                rs.getObject(i);
            }
            rows++;
        }
        assertTrue(rows <= 10_000, "the driver's row cap");
        SQLWarning warning = s.getWarnings();
        assertNotNull(warning, "the generated SQL is attached as a warning");
        assertTrue(warning.getMessage().contains("answered \"" + question + "\" with: SELECT"), warning.getMessage());
        assertFalse(s.getMoreResults());
        assertEquals(-1, s.getUpdateCount());
        assertEquals(1, scalar(c, "SELECT 1"), "plain SQL after a question");
    }

    @Test
    void explainReturnsTheSqlWithoutRunningIt() throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Shop(), TestModels.storiesProperties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN NL: How many customers are there?")) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals("sql", md.getColumnLabel(1));
            assertEquals("model", md.getColumnLabel(2));
            assertEquals("generation_ms", md.getColumnLabel(3));
            assertTrue(rs.next());
            String sql = rs.getString("sql");
            assertTrue(sql.startsWith("SELECT "), sql);
            assertEquals("stories260K.gguf", rs.getString("model"));
            assertTrue(rs.getLong("generation_ms") >= 0);
            assertTrue(rs.getInt("generated_tokens") > 0);
            assertFalse(rs.next(), "exactly one row");
            try (Statement check = c.createStatement(); ResultSet real = check.executeQuery(sql)) {
                assertTrue(real.getMetaData().getColumnCount() > 0, "the explained SQL runs as it is");
            }
        }
    }

    @Test
    void preparedQuestionsHaveMetadataBeforeExecution() throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Shop(), TestModels.storiesProperties());
             PreparedStatement p = c.prepareStatement("NL: which customers live in Lisbon?")) {
            ResultSetMetaData before = p.getMetaData();
            assertNotNull(before);
            assertTrue(before.getColumnCount() > 0);
            assertTrue(p.getWarnings().getMessage().contains("with: SELECT"));
            p.setMaxRows(1);
            try (ResultSet rs = p.executeQuery()) {
                assertSame(p, rs.getStatement());
                assertEquals(before.getColumnCount(), rs.getMetaData().getColumnCount());
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertTrue(rows <= 1, "the client's smaller row limit applies");
            }
            assertTrue(p.execute(), "execute() + getResultSet(), as jOOQ and MyBatis call it");
            assertNotNull(p.getResultSet());
            assertThrows(java.sql.SQLSyntaxErrorException.class, p::executeUpdate);
        }
    }

    @Test
    void theSameQuestionGivesTheSameSqlAtTemperatureZero() throws SQLException {
        try (Connection a = DriverManager.getConnection(h2Shop(), TestModels.storiesProperties());
             Connection b = DriverManager.getConnection(h2Shop(), TestModels.storiesProperties())) {
            assertEquals(explain(a, "Which product sold best?"), explain(b, "Which product sold best?"));
        }
    }

    @Test
    void ddlThroughTheWrapperIsSeenByTheNextQuestion() throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Shop(), TestModels.storiesProperties());
             Statement s = c.createStatement()) {
            String before = explain(c, "How many customers are there?");
            s.execute("DROP TABLE IF EXISTS order_items");
            s.execute("DROP TABLE IF EXISTS orders");
            s.execute("DROP TABLE IF EXISTS products");
            s.execute("DROP TABLE customers");
            s.execute("CREATE TABLE lighthouses (id INT PRIMARY KEY, keeper VARCHAR(40))");
            String after = explain(c, "How many customers are there?");
            assertTrue(after.toUpperCase().contains("LIGHTHOUSES"), "only the new table exists: " + after
                    + " (before: " + before + ")");
        }
    }

    @Test
    void badQuestionsGiveClearErrorsAndTheConnectionStaysUsable() throws SQLException {
        Properties tiny = TestModels.storiesProperties();
        try (Connection c = DriverManager.getConnection(h2Shop(), tiny); Statement s = c.createStatement()) {
            SQLException empty = assertThrows(SQLException.class, () -> s.executeQuery("NL:   "));
            assertEquals("42000", empty.getSQLState());
            assertTrue(empty.getMessage().contains("The question is empty"), empty.getMessage());

            SQLException huge = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + "why ".repeat(25_000)));
            assertEquals("54000", huge.getSQLState());
            assertTrue(huge.getMessage().contains("characters; at most 2000 are accepted"), huge.getMessage());
            assertEquals(1, scalar(c, "SELECT 1"));
        }
        Properties small = TestModels.storiesProperties();
        small.setProperty("nl2sql.contextSize", "256");
        try (Connection c = DriverManager.getConnection(h2Shop(), small); Statement s = c.createStatement()) {
            SQLException full = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
            assertEquals("54000", full.getSQLState());
            assertTrue(full.getMessage().contains("Raise nl2sql.contextSize"), full.getMessage());
            assertEquals(1, scalar(c, "SELECT 1"));
        }
    }

    @Test
    void missingOrCorruptModelFilesAreSqlExceptions(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Properties missing = TestModels.storiesProperties();
        missing.setProperty("nl2sql.model", dir.resolve("nowhere.gguf").toString());
        assertModelError(missing, "nowhere.gguf");

        Path corrupt = dir.resolve("corrupt.gguf");
        Files.write(corrupt, "this is not a model".getBytes());
        Properties bad = TestModels.storiesProperties();
        bad.setProperty("nl2sql.model", corrupt.toString());
        assertModelError(bad, "corrupt.gguf");

        Path truncated = dir.resolve("truncated.gguf");
        byte[] real = Files.readAllBytes(TestModels.stories());
        Files.write(truncated, java.util.Arrays.copyOf(real, 4096));
        Properties cut = TestModels.storiesProperties();
        cut.setProperty("nl2sql.model", truncated.toString());
        assertModelError(cut, "truncated.gguf");
    }

    private static void assertModelError(Properties properties, String fileName) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Shop(), properties); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
            assertEquals("HY000", e.getSQLState());
            assertTrue(e.getMessage().contains(fileName), e.getMessage());
            assertEquals(1, scalar(c, "SELECT 1"), "the connection stays usable");
        }
    }

    private static String explain(Connection c, String question) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN NL: " + question)) {
            assertTrue(rs.next());
            return rs.getString("sql");
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** A fresh in-memory shop: customers, products, orders, order lines. */
    private static String h2Shop() {
        return "jdbc:nl2sql:h2:mem:shop" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
    }
}
