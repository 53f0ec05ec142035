package dev.nl2sql.engine.t5.training;

import dev.nl2sql.engine.t5.T5AdapterCard;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run did.
 *
 * @param output          the folder holding the best weights and their card
 * @param steps           optimizer steps done (with those of a run it resumed)
 * @param bestEpoch       the evaluation whose weights were kept (0: none; an interrupted run keeps its checkpoint)
 * @param evaluations     per evaluation: losses and accuracy
 * @param tokensPerSecond training tokens per second
 * @param stop            why the run ended
 */
public record T5TrainingResult(Path output, long steps, int bestEpoch, List<T5AdapterCard.Epoch> evaluations,
        double tokensPerSecond, Stop stop) {

    /** Why a run ended. */
    public enum Stop {
        /** All epochs done. */
        EPOCHS,
        /** The step limit reached. */
        MAX_STEPS,
        /** The time budget spent. */
        TIME_BUDGET,
        /** No improvement for {@code patience} evaluations. */
        EARLY_STOPPING,
        /** The thread was interrupted: a checkpoint was written, and {@code resume} goes on from it. */
        INTERRUPTED
    }
}
