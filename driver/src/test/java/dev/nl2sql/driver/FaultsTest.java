package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from outside: the database ends the session that runs a question, the model file is truncated, deleted or
 * replaced under a running JVM, a question is cancelled from another thread or runs out of time. Each is a clear
 * SQLException, and the driver keeps serving (the same connection, and others).
 */
class FaultsTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Test
    void postgresqlEndingTheQuestionsSessionIsAClearErrorAndTheNextQuestionWorks(@TempDir Path dir) throws Exception {
        String big = "big_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String app = "nl2sql-fault-" + UUID.randomUUID().toString().substring(0, 8);
        // DDL through nl2sql: the schema cache sees it at once (DDL from elsewhere is seen within a minute)
        try (Connection wrapped = DriverManager.getConnection("jdbc:nl2sql:" + PG);
             Statement s = wrapped.createStatement()) {
            s.execute("CREATE TABLE " + big + " (n INT)");
            s.execute("INSERT INTO " + big + " SELECT g FROM generate_series(1, 2000) g");
        }
        Path replay = Files.writeString(dir.resolve("q.tsv"),
                "Count the triples\tSELECT COUNT(*) FROM " + big + " a, " + big + " b, " + big + " c "
                        + "WHERE a.n + b.n + c.n < 0\n"
                        + "How many numbers?\tSELECT COUNT(*) FROM " + big + "\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        p.setProperty("ApplicationName", app);
        try (Connection nl = DriverManager.getConnection("jdbc:nl2sql:" + PG, p);
             Connection admin = DriverManager.getConnection(PG)) {
            CompletableFuture<Integer> killer = CompletableFuture.supplyAsync(() -> terminateWhenRunning(admin, app));
            SQLException e;
            try (Statement s = nl.createStatement()) {
                e = assertThrows(SQLException.class, () -> s.executeQuery("NL: Count the triples"));
            }
            assertEquals(1, killer.get(30, TimeUnit.SECONDS), "one backend was terminated");
            assertEquals("HY000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("connection that runs questions was lost"), e.getMessage());
            try (Statement s = nl.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + big)) {
                assertTrue(rs.next(), "the caller's own connection was never touched");
            }
            try (Statement s = nl.createStatement(); ResultSet rs = s.executeQuery("NL: How many numbers?")) {
                assertTrue(rs.next());
                assertEquals(2000, rs.getInt(1), "the next question opened a new connection");
            }
        } finally {
            try (Connection wrapped = DriverManager.getConnection("jdbc:nl2sql:" + PG);
                 Statement s = wrapped.createStatement()) {
                s.execute("DROP TABLE " + big);
            }
        }
    }

    private static int terminateWhenRunning(Connection admin, String app) {
        try {
            for (int i = 0; i < 300; i++) {
                try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
                                + app + "' AND state = 'active' AND query LIKE '%COUNT%' AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(100);
            }
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aModelFileTruncatedDeletedOrRestoredUnderARunningJvm(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("own-copy.gguf");
        Files.copy(TestModels.stories(), model);
        Properties p = TestModels.storiesProperties();
        p.setProperty("nl2sql.model", model.toString());
        String shop = "jdbc:nl2sql:h2:mem:faults" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
        try (Connection c = DriverManager.getConnection(shop, p);
             Connection other = DriverManager.getConnection(shop, TestModels.storiesProperties())) {
            assertAnswers(c);

            byte[] real = Files.readAllBytes(model);
            Files.write(model, Arrays.copyOf(real, real.length / 2));
            assertModelError(c, "changed since it was loaded");
            assertModelError(c, "own-copy.gguf"); // loading the half file fails with the file's name
            assertAnswers(other); // a connection on another model file is not disturbed

            Files.delete(model);
            assertModelError(c, "own-copy.gguf");

            Files.copy(TestModels.stories(), model, StandardCopyOption.REPLACE_EXISTING);
            assertAnswers(c); // restored: loaded again
        }
    }

    @Test
    void cancelFromAnotherThreadAndTheDeadlineDuringGeneration() throws Exception {
        String shop = "jdbc:nl2sql:h2:mem:cancel" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
        Properties p = TestModels.storiesProperties();
        p.setProperty("nl2sql.maxTokens", "2000");
        p.setProperty("nl2sql.contextSize", "4096");
        try (Connection c = DriverManager.getConnection(shop, p); Statement s = c.createStatement()) {
            assertAnswers(c); // the model is loaded: what follows measures generation only
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(150);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SQLException cancelled = assertThrows(SQLException.class,
                    () -> s.executeQuery("NL: list every order with its customer and products, longest first"));
            assertEquals("HY008", cancelled.getSQLState(), cancelled.getMessage());

            s.setQueryTimeout(1);
            long start = System.nanoTime();
            SQLException late = assertThrows(SQLException.class,
                    () -> s.executeQuery("NL: list every order with its customer and products, longest first"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue("HYT00".equals(late.getSQLState()) || late.getSQLState().startsWith("42"),
                    late.getSQLState() + " " + late.getMessage());
            assertTrue(millis < 10_000, "stopped after " + millis + " ms");
            s.setQueryTimeout(0);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1), "the statement serves the next call");
            }
        }
    }

    private static void assertAnswers(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: how many customers are there?")) {
            assertTrue(rs.getMetaData().getColumnCount() > 0);
        }
    }

    private static void assertModelError(Connection c, String text) throws SQLException {
        try (Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
            assertEquals("HY000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains(text), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                assertTrue(rs.next(), "plain SQL still runs");
            }
        }
    }
}
