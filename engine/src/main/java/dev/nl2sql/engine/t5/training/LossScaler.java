package dev.nl2sql.engine.t5.training;

/**
 * Dynamic loss scaling for fp16 training: the loss is multiplied before the backward pass so that small gradients
 * survive fp16, and the gradients divided after. A step whose gradients overflowed is skipped and the scale halved;
 * after {@link #GROWTH_INTERVAL} good steps it doubles. In fp32 the scale stays 1.
 */
final class LossScaler {

    static final int GROWTH_INTERVAL = 2000;
    private static final float INITIAL = 65536f;

    private final boolean dynamic;
    private float scale;
    private int goodSteps;

    private LossScaler(boolean dynamic, float scale, int goodSteps) {
        this.dynamic = dynamic;
        this.scale = scale;
        this.goodSteps = goodSteps;
    }

    static LossScaler forPrecision(boolean mixed) {
        return new LossScaler(mixed, mixed ? INITIAL : 1f, 0);
    }

    float scale() {
        return scale;
    }

    int goodSteps() {
        return goodSteps;
    }

    void restore(float savedScale, int savedGoodSteps) {
        if (dynamic) {
            scale = savedScale;
            goodSteps = savedGoodSteps;
        }
    }

    /** Records whether this step's gradients were finite; returns whether the step may be taken. */
    boolean update(boolean finite) {
        if (!finite) {
            if (dynamic) {
                scale = Math.max(1f, scale / 2);
            }
            goodSteps = 0;
            return false;
        }
        if (dynamic && ++goodSteps >= GROWTH_INTERVAL) {
            scale *= 2;
            goodSteps = 0;
        }
        return true;
    }
}
