package dev.nl2sql.driver;

import dev.nl2sql.engine.GenerationControl;
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
    private static final long STOP_CHECK_MILLIS = 250;

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

    /**
     * Runs {@code task} every {@code millis} on the watchdog's thread until the returned future is cancelled (the
     * {@link HeapGuard}'s poll: one daemon thread serves every timer of the driver).
     */
    static ScheduledFuture<?> every(long millis, Runnable task) {
        return TIMER.scheduleWithFixedDelay(task, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** A timer on one statement; {@link #close()} disarms it. */
    static final class Armed implements AutoCloseable {
        private final ScheduledFuture<?> deadline;
        private final ScheduledFuture<?> stopWatch;
        private final AtomicBoolean fired;

        private Armed(ScheduledFuture<?> deadline, ScheduledFuture<?> stopWatch, AtomicBoolean fired) {
            this.deadline = deadline;
            this.stopWatch = stopWatch;
            this.fired = fired;
        }

        /** Whether the deadline passed and the statement was cancelled. */
        boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            deadline.cancel(false);
            stopWatch.cancel(false);
        }
    }

    /**
     * Cancels {@code statement} at the question's deadline, and while the question is stopped (cancel, close, abort
     * from another thread): a cancel that came before the database began the SQL is lost on every driver, so it is
     * repeated until the work ends.
     */
    static Armed arm(Statement statement, GenerationControl control) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> deadline = TIMER.schedule(() -> {
            fired.set(true);
            cancel(statement);
            log.info("Cancelled generated SQL still running at its deadline");
        }, Math.max(1, control.remainingMillis()), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> stopWatch = TIMER.scheduleWithFixedDelay(() -> {
            if (control.isCancelled()) {
                cancel(statement);
                log.debug("Cancelled the SQL of a stopped question");
            }
        }, STOP_CHECK_MILLIS, STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return new Armed(deadline, stopWatch, fired);
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not cancel generated SQL", e);
        }
    }
}
