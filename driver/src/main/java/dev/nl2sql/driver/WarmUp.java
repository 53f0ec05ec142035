package dev.nl2sql.driver;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's warm-up ({@code nl2sql.warmUp=on}): the work that the first question would otherwise do, run in
 * the background when the connection opens. The threads are daemons, at most two for the whole JVM, and end after
 * 30 idle seconds, so a program that opens connections and exits is never held open; a pool that opens many
 * connections queues at most 64 warm-ups and skips the rest (the model and the schema are shared, so one is enough).
 *
 * <p>A question never races its warm-up: it cancels a warm-up that has not started, and waits for one that has (the
 * same model load, schema read and builds it would do itself), then goes on with what it prepared. A warm-up that
 * fails is logged; the question then meets the same problem and reports it as it always did.
 */
final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = pool();

    private final FutureTask<Void> task;

    private WarmUp(Runnable work) {
        this.task = new FutureTask<>(work, null);
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                r -> {
                    Thread t = new Thread(r, "nl2sql-warm-up-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts {@code work} in the background; null when the queue is full (the question then does the work). */
    static WarmUp start(Runnable work) {
        WarmUp warmUp = new WarmUp(work);
        try {
            POOL.execute(warmUp.task);
            return warmUp;
        } catch (RejectedExecutionException e) {
            log.debug("Warm-up skipped: {} already queued", POOL.getQueue().size());
            return null;
        }
    }

    /**
     * Before a question: a warm-up not yet started is cancelled, one under way is waited for. Returns at once when
     * it is done, whatever its outcome; an interrupt ends the wait and stays set for the question to see.
     */
    void awaitOrCancel() {
        if (task.cancel(false)) {
            return;
        }
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // logged by the warm-up itself; the question meets the cause again
        }
    }

    boolean isDone() {
        return task.isDone();
    }

    /** Warm-up threads alive now, for the tests: they must never outlive their work for long. */
    static int liveThreads() {
        return POOL.getPoolSize();
    }
}
