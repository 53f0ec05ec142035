package dev.nl2sql.engine;

import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Who may use a loaded model now: a fair semaphore of {@code nl2sql.maxConcurrent} slots, and a bound on how many
 * questions may wait for one ({@link #MAX_WAITING} per slot), so that a crowd of questions fails fast (54000) instead
 * of piling up. A question waits at most until its own deadline.
 */
public final class ModelSlots {

    /** Questions that may wait, per slot. */
    public static final int MAX_WAITING = 64;

    private final Semaphore permits;
    private final int slots;

    public ModelSlots(int maxConcurrent) {
        this.slots = Math.max(1, maxConcurrent);
        this.permits = new Semaphore(slots, true);
    }

    /** Takes a slot within the question's time; pair with {@link #release()}. */
    public void acquire(GenerationControl control) throws SQLException {
        if (permits.getQueueLength() >= MAX_WAITING * slots) {
            throw EngineException.limitExceeded(permits.getQueueLength() + " questions are already waiting for "
                    + "the model. Try again shortly, or raise nl2sql.maxConcurrent if memory allows.");
        }
        try {
            if (!permits.tryAcquire(control.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw EngineException.timeout("The model was busy with other questions until this question's time "
                        + "ran out. Raise the query timeout, or nl2sql.maxConcurrent if memory allows.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.cancelled("Interrupted while waiting for the model.");
        }
    }

    public void release() {
        permits.release();
    }

    /** Waits until no question holds a slot and takes them all, so the model can be freed; nothing runs after. */
    public void drain() {
        permits.acquireUninterruptibly(slots);
    }

    /** Gives back every slot that {@link #drain()} took. */
    public void undrain() {
        permits.release(slots);
    }
}
