package dev.nl2sql.driver.jdbc;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.NotificationEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels generated SQL on a database that runs inside this JVM (embedded H2, HSQLDB, Derby) when the heap is nearly
 * full after a garbage collection. Such a database builds its results on the caller's heap, and an
 * {@link OutOfMemoryError} there can close the database under every connection, the caller's own included: a query
 * is better stopped while there is still room. The signal is the JVM's own collection-usage threshold (85% of the
 * largest heap pool, set once where no one set one before), so nothing polls.
 */
final class HeapGuard {

    private static final Logger log = LoggerFactory.getLogger(HeapGuard.class);
    /** Share of a heap pool still in use after a collection at which generated SQL is stopped. */
    static final double THRESHOLD = 0.85;

    private static final Set<Guarded> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

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
                    log.warn("Cancelled generated SQL: the heap was over {}% full after a collection",
                            Math.round(THRESHOLD * 100));
                } catch (SQLException | RuntimeException e) {
                    log.warn("Could not cancel generated SQL on a full heap", e);
                }
            }
        }

        @Override
        public void close() {
            RUNNING.remove(this);
        }
    }

    static Guarded arm(Statement statement) {
        install();
        Guarded guarded = new Guarded(statement);
        RUNNING.add(guarded);
        return guarded;
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
