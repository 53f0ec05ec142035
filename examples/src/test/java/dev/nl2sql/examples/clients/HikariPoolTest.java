package dev.nl2sql.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A HikariCP pool over jdbc:nl2sql: with questions and plain SQL from several threads at once. */
class HikariPoolTest {

    private static HikariDataSource pool(ClientDatabase db, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url);
        config.setMaximumPoolSize(size);
        config.setPoolName("nl2sql-test");
        ClientDatabase.modelProperties().forEach((k, v) -> config.addDataSourceProperty((String) k, v));
        return new HikariDataSource(config);
    }

    @ParameterizedTest
    @EnumSource(ClientDatabase.Kind.class)
    void questionsAndSqlShareThePoolFromManyThreads(ClientDatabase.Kind kind) throws Exception {
        try (ClientDatabase db = ClientDatabase.open(kind); HikariDataSource pool = pool(db, 3)) {
            ExecutorService threads = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> work = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    boolean question = i % 2 == 0;
                    work.add(threads.submit(() -> {
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery(question ? "NL: which customers ordered something?"
                                     : "SELECT COUNT(*) FROM " + db.customers)) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                rs.getObject(columns);
                            }
                            return columns;
                        }
                    }));
                }
                for (Future<Integer> f : work) {
                    assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
                }
            } finally {
                threads.shutdownNow();
            }
            assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= 3);
        }
    }

    /** HikariCP evicts connections on SQLState 08xxx and 0A000: a bad question must keep its connection. */
    @ParameterizedTest
    @EnumSource(ClientDatabase.Kind.class)
    void aBadQuestionDoesNotCostThePoolItsConnection(ClientDatabase.Kind kind) throws Exception {
        try (ClientDatabase db = ClientDatabase.open(kind); HikariDataSource pool = pool(db, 1)) {
            Object physical;
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                physical = c.unwrap(Connection.class);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL:    "));
                assertEquals("42000", e.getSQLState());
            }
            try (Connection c = pool.getConnection()) {
                assertSame(physical, c.unwrap(Connection.class), "the same connection came back from the pool");
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertTrue(rs.next());
                }
            }
            assertEquals(1, pool.getHikariPoolMXBean().getTotalConnections());
        }
    }
}
