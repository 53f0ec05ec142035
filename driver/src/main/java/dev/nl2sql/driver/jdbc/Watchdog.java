package dev.nl2sql.driver.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels generated SQL that is still running at its deadline. {@code setQueryTimeout} is not enough on its own:
 * sqlite-jdbc does not stop a CPU-bound query with it (a 1 s timeout was seen to run 34 s), while
 * {@code Statement.cancel()} interrupts it at once; on the other databases the two agree. One daemon thread serves
 * the whole JVM; a disarmed timer is removed from its queue at once.
 */
final class Watchdog {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "nl2sql-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** A timer on one statement; {@link #close()} disarms it. */
    static final class Armed implements AutoCloseable {
        private final ScheduledFuture<?> timer;
        private final AtomicBoolean fired;

        private Armed(ScheduledFuture<?> timer, AtomicBoolean fired) {
            this.timer = timer;
            this.fired = fired;
        }

        /** Whether the deadline passed and the statement was cancelled. */
        boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            timer.cancel(false);
        }
    }

    static Armed arm(Statement statement, long millis) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            fired.set(true);
            try {
                statement.cancel();
                log.info("Cancelled generated SQL still running at its deadline");
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not cancel generated SQL at its deadline", e);
            }
        }, Math.max(1, millis), TimeUnit.MILLISECONDS);
        return new Armed(timer, fired);
    }
}
