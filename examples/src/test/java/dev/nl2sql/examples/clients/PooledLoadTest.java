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
 * questions to one shared model. Nothing fails but the timeouts the test asks for, every question and every plain
 * statement is served, and when the pool closes no database session of it is left.
 */
class PooledLoadTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

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
                                        s.setQueryTimeout(15);
                                        drain(s.executeQuery("NL: which customers ordered something?"));
                                    }
                                    case "read" -> drain(s.executeQuery("SELECT COUNT(*) FROM " + db.customers));
                                    default -> s.executeUpdate("INSERT INTO " + scratch + " (who) VALUES ('t" + id
                                            + "')");
                                }
                                done.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                            } catch (SQLException e) {
                                if ("HYT00".equals(e.getSQLState())) {
                                    done.computeIfAbsent("timeout", k -> new AtomicInteger()).incrementAndGet();
                                } else {
                                    errors.add(kind + ": " + e.getSQLState() + " " + e.getMessage());
                                }
                            }
                        }
                    });
                }
                workers.shutdown();
                assertTrue(workers.awaitTermination(60, TimeUnit.SECONDS), "every worker finished");
                assertEquals(List.of(), errors, "no errors but the timeouts the test asked for");
                assertTrue(done.containsKey("question"), "questions were answered: " + done);
                assertTrue(done.containsKey("read") && done.get("read").get() > threads && done.get("write").get() > threads,
                        "SQL ran: " + done);
                assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections(), "every connection came back");
                assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= threads);
                // a pooled connection that asked holds a second session for answers: never more than two each
                assertTrue(sessions(app) <= 2 * threads, sessions(app) + " sessions");
            } finally {
                try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE " + scratch);
                }
            }
            assertEquals(0, sessions(app), "closing the pool closed every session, the ones for answers too");
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
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
