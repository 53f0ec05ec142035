package dev.nl2sql.engine;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deadline and the cancel switch of one question. {@code Statement.cancel()} flips the switch from another
 * thread; the generator looks at both between tokens, so a cancel or a timeout stops generation within one token.
 * It is also the question's identity at the model ({@link ModelSlots}): its arrival is its place in line for all its
 * attempts, and it counts its turns there.
 */
public final class GenerationControl {

    private static final AtomicLong ARRIVALS = new AtomicLong();

    private final long deadlineNanos;
    private final long timeoutMillis;
    private final long arrival = ARRIVALS.incrementAndGet();
    private volatile boolean cancelled;
    /** Times this question was given the model; written by {@link ModelSlots} as it grants a turn. */
    private volatile int modelTurns;

    private GenerationControl(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** The order in which questions arrived, JVM-wide: earlier questions go first at the model, for every turn. */
    long arrival() {
        return arrival;
    }

    int modelTurns() {
        return modelTurns;
    }

    void tookModelTurn() {
        modelTurns++; // a question waits for one turn at a time, so no two threads write this at once
    }

    /** A control whose deadline is {@code timeoutMillis} from now. */
    public static GenerationControl withTimeout(long timeoutMillis) {
        return new GenerationControl(Math.max(1, timeoutMillis));
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    public boolean isExpired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Throws if the question was cancelled or its time is up; called between steps of the work. */
    public void check() throws SQLException {
        if (cancelled) {
            throw EngineException.cancelled("The question was cancelled (Statement.cancel()).");
        }
        if (isExpired()) {
            throw EngineException.timeout("The question ran out of time after " + timeoutMillis + " ms. Raise the "
                    + "statement's query timeout (or nl2sql.queryTimeout), use a smaller or GPU-offloaded model "
                    + "(nl2sql.gpuLayers), or ask a simpler question.");
        }
    }
}
