package dev.nl2sql.driver;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.NotificationEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels generated SQL on a database that runs inside this JVM (embedded H2, HSQLDB, Derby) before it fills the heap.
 * Such a database builds its results on the caller's heap, and an {@link OutOfMemoryError} there closes the database
 * under every connection, the caller's own included (H2 does so): a query must be stopped while there is still room.
 * Two signals: the old generation (where large values go at once) passing {@link #THRESHOLD} of its size, read every
 * {@link #POLL_MILLIS} ms on the {@link Watchdog}'s thread while such a statement runs and never otherwise; and the
 * JVM's own notice that a collection left the heap that full (set where no one set a threshold before).
 */
final class HeapGuard {

    private static final Logger log = LoggerFactory.getLogger(HeapGuard.class);
    /** Share of the old generation in use at which generated SQL is stopped. */
    static final double THRESHOLD = 0.75;
    static final long POLL_MILLIS = 5;

    private static final Set<Guarded> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    /** The poll while statements run; guarded by the class lock. */
    private static ScheduledFuture<?> polling;

    private HeapGuard() {
    }

    /** Whether a database on this JDBC URL runs in this JVM's heap. */
    static boolean inProcess(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:");
        }
        return u.startsWith("jdbc:hsqldb:mem:") || u.startsWith("jdbc:hsqldb:file:")
                || (u.startsWith("jdbc:derby:") && !u.startsWith("jdbc:derby://"));
    }

    /** One statement watched until {@link #close()}. */
    static final class Guarded implements AutoCloseable {
        private final Statement statement;
        private final AtomicBoolean fired = new AtomicBoolean();

        private Guarded(Statement statement) {
            this.statement = statement;
        }

        /** Whether the heap filled up while the statement ran, and it was cancelled for that. */
        boolean fired() {
            return fired.get();
        }

        private void cancel() {
            if (fired.compareAndSet(false, true)) {
                try {
                    statement.cancel();
                    log.warn("Cancelled generated SQL: the heap was over {}% full",
                            Math.round(THRESHOLD * 100));
                } catch (SQLException | RuntimeException e) {
                    log.warn("Could not cancel generated SQL on a full heap", e);
                }
            }
        }

        @Override
        public void close() {
            synchronized (HeapGuard.class) {
                RUNNING.remove(this);
                if (RUNNING.isEmpty() && polling != null) {
                    polling.cancel(false);
                    polling = null;
                }
            }
        }
    }

    static Guarded arm(Statement statement) {
        install();
        Guarded guarded = new Guarded(statement);
        synchronized (HeapGuard.class) {
            RUNNING.add(guarded);
            if (polling == null) {
                polling = Watchdog.every(POLL_MILLIS, HeapGuard::poll);
            }
        }
        return guarded;
    }

    /** The old generation is the heap pool with a usage threshold (G1 Old Gen, PS Old Gen, Tenured Gen). */
    private static void poll() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()) {
                MemoryUsage usage = pool.getUsage();
                if (usage.getMax() > 0 && usage.getUsed() > usage.getMax() * THRESHOLD) {
                    RUNNING.forEach(Guarded::cancel);
                    return;
                }
            }
        }
    }

    private static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0
                    && pool.getCollectionUsageThreshold() == 0) {
                pool.setCollectionUsageThreshold((long) (max * THRESHOLD));
            }
        }
        if (ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener((notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    RUNNING.forEach(Guarded::cancel);
                }
            }, null, null);
        }
    }
}
