package dev.nl2sql.engine.t5.training;

/** Linear warm-up to the peak learning rate, then linear or cosine decay to zero at the last step, or constant. */
final class LearningRateSchedule {

    private final double peak;
    private final long warmup;
    private final long total;
    private final T5TrainingSettings.Schedule decay;

    LearningRateSchedule(double peak, long warmup, long total, T5TrainingSettings.Schedule decay) {
        this.peak = peak;
        this.warmup = Math.min(warmup, Math.max(0, total - 1));
        this.total = Math.max(1, total);
        this.decay = decay;
    }

    /** The rate of optimizer step {@code step} (0-based). */
    double at(long step) {
        return at(step, 0);
    }

    /**
     * The rate of optimizer step {@code step} in a run with a time budget, {@code timeUsed} of it spent (0 to 1):
     * the decay follows whichever ends first, the planned steps or the budget, so a run stopped by its budget has
     * decayed to the end as one stopped by its steps.
     */
    double at(long step, double timeUsed) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double byStep = total <= warmup ? 1 : (double) (step - warmup) / (total - warmup);
        double progress = Math.min(1, Math.max(byStep, timeUsed));
        return switch (decay) {
            case LINEAR -> peak * Math.max(0, 1 - progress);
            case COSINE -> peak * 0.5 * (1 + Math.cos(Math.PI * progress));
            case CONSTANT -> peak;
        };
    }
}
