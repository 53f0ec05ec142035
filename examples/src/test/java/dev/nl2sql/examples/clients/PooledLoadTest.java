package dev.nl2sql.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 32 threads through one HikariCP pool on PostgreSQL for a bounded time, mixing plain SQL (reads and writes) with
 * questions to one shared model. What is asserted is behaviour, not speed, so a slow or busy machine does not fail
 * it: a question alone at the model is answered; under load every question is answered, refused at once with 54000
 * (the model cannot reach it in time, or too many wait) or runs into its own timeout (HYT00), and nothing else; no
 * plain statement fails; every worker finishes; the model is free again afterwards; and when the pool closes no
 * database session of it is left.
 */
class PooledLoadTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String QUESTION = "NL: which customers ordered something?";
    private static final int QUESTION_TIMEOUT_SECONDS = 15;

    @Test
    void thirtyTwoThreadsMixingSqlAndQuestions() throws Exception {
        String app = "nl2sql-load-" + UUID.randomUUID().toString().substring(0, 8);
        int threads = 32;
        long runMillis = 8_000;
        try (ClientDatabase db = ClientDatabase.open(ClientDatabase.Kind.POSTGRESQL)) {
            String scratch = db.customers + "_writes";
            try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + scratch + " (id SERIAL PRIMARY KEY, who TEXT)");
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.url);
            config.setMaximumPoolSize(threads);
            config.setPoolName(app);
            config.setConnectionTimeout(30_000);
            ClientDatabase.modelProperties().forEach((k, v) -> config.addDataSourceProperty((String) k, v));
            config.addDataSourceProperty("ApplicationName", app);
            Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            try (HikariDataSource pool = new HikariDataSource(config)) {
                askAlone(pool, "a question alone at the model (the model loads) is answered");
                ExecutorService workers = Executors.newFixedThreadPool(threads);
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    workers.submit(() -> {
                        for (int i = 0; System.nanoTime() < end; i++) {
                            String kind = i % 8 == id % 8 ? "question" : i % 2 == 0 ? "read" : "write";
                            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                                switch (kind) {
                                    case "question" -> {
                                        s.setQueryTimeout(QUESTION_TIMEOUT_SECONDS);
                                        drain(s.executeQuery(QUESTION));
                                    }
                                    case "read" -> drain(s.executeQuery("SELECT COUNT(*) FROM " + db.customers));
                                    default -> s.executeUpdate("INSERT INTO " + scratch + " (who) VALUES ('t" + id
                                            + "')");
                                }
                                done.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                            } catch (SQLException e) {
                                String outcome = kind.equals("question") ? questionOutcome(e) : null;
                                if (outcome != null) {
                                    done.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                                } else {
                                    errors.add(kind + ": " + e.getSQLState() + " " + e.getMessage());
                                }
                            }
                        }
                    });
                }
                workers.shutdown();
                // a bound against hanging only: a question ends by its own timeout, a plain statement at once
                assertTrue(workers.awaitTermination(runMillis / 1000 + 10L * QUESTION_TIMEOUT_SECONDS,
                        TimeUnit.SECONDS), "every worker finished: " + done);
                assertEquals(List.of(), errors, "questions are answered, refused (54000) or time out; SQL never fails");
                assertTrue(done.containsKey("read") && done.containsKey("write"), "SQL ran: " + done);
                askAlone(pool, "after the load the model is free: a question alone is answered again (" + done + ")");
                assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections(), "every connection came back");
                assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= threads);
                // a pooled connection that asked holds a second session for answers: never more than two each
                assertTrue(sessions(app) <= 2 * threads, sessions(app) + " sessions");
            } finally {
                try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE " + scratch);
                }
            }
            // the server ends a backend a moment after its client hung up; a session still there after this wait leaked
            assertEquals(0, sessionsOnceSettled(app),
                    "closing the pool closed every session, the ones for answers too");
        }
    }

    /**
     * What may become of a question under load, or null for anything else: refused at once because the model could
     * not reach it in time or too many were waiting (54000, with advice), or out of its own time (HYT00).
     */
    private static String questionOutcome(SQLException e) {
        if ("HYT00".equals(e.getSQLState())) {
            return "timeout";
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if ("54000".equals(e.getSQLState()) && message.contains("fewer questions at once")
                && message.contains("nl2sql.maxconcurrent")) {
            return "refused";
        }
        return null;
    }

    /** A question with no other question at the model and a long timeout: never refused, so answered. */
    private static void askAlone(HikariDataSource pool, String what) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(300);
            drain(s.executeQuery(QUESTION));
        } catch (SQLException e) {
            throw new AssertionError(what + ": " + e.getSQLState() + " " + e.getMessage(), e);
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    /** The sessions left, read again until none is left or 30 s have passed (a bound against hanging only). */
    private static int sessionsOnceSettled(String app) throws SQLException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int left = sessions(app);
        while (left > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
            left = sessions(app);
        }
        return left;
    }

    private static int sessions(String app) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + app
                     + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
