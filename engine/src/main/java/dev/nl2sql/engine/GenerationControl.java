package dev.nl2sql.engine;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The deadline and the cancel switch of one question. {@code Statement.cancel()} flips the switch from another
 * thread; the generator looks at both between tokens, so a cancel or a timeout stops generation within one token.
 */
public final class GenerationControl {

    private final long deadlineNanos;
    private final long timeoutMillis;
    private volatile boolean cancelled;

    private GenerationControl(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
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
