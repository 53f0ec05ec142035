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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A question whose SQL runs for minutes (a three-way cross join), stopped from another thread by Statement.cancel(),
 * Statement.close() or Connection.abort(), ends promptly in HY008 on all four databases, far within its own 120 s
 * timeout, and its SQL no longer runs on the server.
 */
class StopQuestionTest {

    enum Stop { CANCEL, CLOSE, ABORT }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (TestDatabase db : TestDatabase.classic()) {
            for (Stop stop : Stop.values()) {
                all.add(Arguments.of(db, stop));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aSlowQuestionStoppedFromAnotherThreadEndsPromptlyInHy008(TestDatabase kind, Stop stop, @TempDir Path dir)
            throws Exception {
        TestDatabase.Target db = kind.open();
        String table = db.freshTable();
        fill(db, table);
        Path replay = Files.writeString(dir.resolve("q.tsv"),
                "Count the triples\tSELECT COUNT(*) FROM " + table + " a, " + table + " b, " + table + " c "
                        + "WHERE a.n + b.n + c.n < 0\nHow many numbers?\tSELECT COUNT(*) FROM " + table + "\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        p.setProperty("nl2sql.attempts", "1");
        p.setProperty("nl2sql.queryTimeout", "120");
        ExecutorService aborter = Executors.newSingleThreadExecutor();
        try (Connection c = DriverManager.getConnection(db.nl2sqlUrl(), p)) {
            try (Statement warm = c.createStatement(); ResultSet rs = warm.executeQuery("NL: How many numbers?")) {
                assertTrue(rs.next()); // the schema is read: what follows is the slow SQL itself
                assertEquals(2000, rs.getInt(1));
            }
            Statement s = c.createStatement();
            CompletableFuture<ResultSet> question = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeQuery("NL: Count the triples");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500); // the SQL runs by now; a stop that comes earlier must work too
            long stopped = System.nanoTime();
            switch (stop) {
                case CANCEL -> s.cancel();
                case CLOSE -> s.close();
                case ABORT -> c.abort(aborter);
            }
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> question.get(60, TimeUnit.SECONDS), "stopped well within its own 120 s timeout");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped);
            SQLException e = (SQLException) failed.getCause().getCause();
            assertEquals("HY008", e.getSQLState(), kind + " " + stop + ": " + e.getMessage());
            String why = switch (stop) {
                case CANCEL -> "cancelled";
                case CLOSE -> "statement was closed";
                case ABORT -> "connection was aborted";
            };
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertTrue(seconds < 60, kind + " " + stop + " ended " + seconds + " s after the stop");
            if (stop == Stop.CANCEL) {
                try (ResultSet rs = s.executeQuery("NL: How many numbers?")) {
                    assertTrue(rs.next(), "the statement serves the next question");
                }
            }
        } finally {
            aborter.shutdown();
            assertGone(kind, table);
            try (Connection direct = db.wrapped(); Statement s = direct.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPreparedQuestionIsCancelledWithHy008(TestDatabase kind, @TempDir Path dir) throws Exception {
        TestDatabase.Target db = kind.open();
        String table = db.freshTable();
        fill(db, table);
        Path replay = Files.writeString(dir.resolve("q.tsv"), "Count the triples\tSELECT COUNT(*) FROM " + table
                + " a, " + table + " b, " + table + " c WHERE a.n + b.n + c.n < 0\n");
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        try (Connection c = DriverManager.getConnection(db.nl2sqlUrl(), p);
             PreparedStatement ps = c.prepareStatement("NL: Count the triples")) {
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1500);
                    ps.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("HY008", e.getSQLState(), kind + ": " + e.getMessage());
        } finally {
            assertGone(kind, table);
            try (Connection direct = db.wrapped(); Statement s = direct.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabase.classic());
    }

    /** Through nl2sql, so that the JVM's schema cache sees the new table at once. */
    private static void fill(TestDatabase.Target db, String table) throws SQLException {
        try (Connection direct = db.wrapped(); Statement s = direct.createStatement()) {
            s.execute("CREATE TABLE " + table + " (n INT)");
            direct.setAutoCommit(false);
            try (PreparedStatement insert = direct.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
                for (int i = 1; i <= 2000; i++) {
                    insert.setInt(1, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            direct.commit();
        }
    }

    /** On the servers, the stopped question's SQL must not go on running (and eating the CPU) after the stop. */
    private static void assertGone(TestDatabase kind, String table) throws Exception {
        String running = switch (kind) {
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%"
                    + table + " a%' AND pid <> pg_backend_pid()";
            case MARIADB -> "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO "
                    + "LIKE '%" + table + "` AS `a%' AND ID <> CONNECTION_ID()";
            default -> null;
        };
        if (running == null) {
            return;
        }
        try (Connection direct = DriverManager.getConnection(kind.newDirectUrl());
             Statement s = direct.createStatement()) {
            int left = -1;
            for (int i = 0; i < 100 && left != 0; i++) {
                try (ResultSet rs = s.executeQuery(running)) {
                    rs.next();
                    left = rs.getInt(1);
                }
                if (left != 0) {
                    Thread.sleep(200);
                }
            }
            assertEquals(0, left, "the stopped question's SQL still runs on " + kind);
        }
    }
}
