package dev.nl2sql.driver;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.GenerationControl;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the caller gets when a question fails: always an SQLException, never a class 08 or 0A000 state for a
 * question's own failure (pools evict on those). A question stopped from another thread ends in HY008 whatever the
 * database said about its cancelled SQL (57014, 70100, an interrupted SQLite, a closed socket).
 */
final class QuestionFailures {

    private static final Logger log = LoggerFactory.getLogger(QuestionFailures.class);

    private QuestionFailures() {
    }

    /**
     * The error for {@code failure} of a question under {@code control}; {@code stoppedBy} says who stopped it
     * (cancel, close, abort), null if nobody did.
     */
    static SQLException of(Throwable failure, GenerationControl control, String stoppedBy) {
        if (control != null && control.isCancelled()) {
            String why = stoppedBy == null ? "cancelled (Statement.cancel())" : stoppedBy;
            return EngineException.cancelled("The question was " + why + ". Nothing of it runs any more; ask "
                    + "again when you want the answer.", failure);
        }
        if (failure instanceof SQLException e) {
            return e;
        }
        return unexpected(failure);
    }

    /** An unchecked exception out of the engine or a driver: a bug, but the caller still gets an SQLException. */
    static SQLException unexpected(Throwable failure) {
        log.warn("A question failed with an unexpected exception", failure);
        return EngineException.general("The question failed inside nl2sql (" + failure + "). This is a bug: "
                + "please report it with the question and the log. Plain SQL on this connection is not affected.",
                failure);
    }
}
