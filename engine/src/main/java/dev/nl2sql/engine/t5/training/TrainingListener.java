package dev.nl2sql.engine.t5.training;

import dev.nl2sql.engine.t5.T5AdapterCard;

/** Hears the training's progress: every optimizer step, and every evaluation. */
public interface TrainingListener {

    /**
     * One optimizer step.
     *
     * @param step           optimizer steps done
     * @param totalSteps     the steps planned (epochs or max steps)
     * @param epoch          1-based
     * @param loss           this step's mean token loss
     * @param learningRate   the rate this step used
     * @param tokensPerSecond input and target tokens per second of training so far
     * @param etaSeconds     the planned steps left at the speed so far, or the time budget left where shorter
     */
    record Progress(long step, long totalSteps, int epoch, double loss, double learningRate, double tokensPerSecond,
            long etaSeconds) {

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "step %d/%d epoch %d loss %.4f lr %.2e %.0f tokens/s ETA %s",
                    step, totalSteps, epoch, loss, learningRate, tokensPerSecond, eta(etaSeconds));
        }

        private static String eta(long seconds) {
            return seconds >= 3600 ? String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600,
                    seconds % 3600 / 60) : String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
    }

    default void onStep(Progress progress) {
    }

    default void onEvaluation(T5AdapterCard.Epoch evaluation) {
    }
}
