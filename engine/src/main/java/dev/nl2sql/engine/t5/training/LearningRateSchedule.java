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
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = total <= warmup ? 1 : Math.min(1, (double) (step - warmup) / (total - warmup));
        return switch (decay) {
            case LINEAR -> peak * Math.max(0, 1 - progress);
            case COSINE -> peak * 0.5 * (1 + Math.cos(Math.PI * progress));
            case CONSTANT -> peak;
        };
    }
}
