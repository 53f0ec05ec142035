package dev.nl2sql.engine.t5.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.nl2sql.engine.t5.T5Model;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) over the trainable arrays: fp32 moments on the parameters' device, bias correction,
 * decoupled weight decay. Written over NDArrays rather than with DJL's optimizers, which update the parameters of a
 * Block; the T5 model is plain arrays. Updates go through detached views, which share the parameters' storage
 * without being recorded by autograd.
 */
final class AdamW {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<T5Model.Parameter> parameters;
    private final NDArray[] first;
    private final NDArray[] second;
    private final double weightDecay;
    private long updates;

    AdamW(List<T5Model.Parameter> parameters, double weightDecay, NDManager manager) {
        this.parameters = List.copyOf(parameters);
        this.weightDecay = weightDecay;
        this.first = new NDArray[parameters.size()];
        this.second = new NDArray[parameters.size()];
        for (int i = 0; i < first.length; i++) {
            NDArray p = parameters.get(i).array();
            first[i] = manager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice());
            second[i] = manager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice());
        }
    }

    List<T5Model.Parameter> parameters() {
        return parameters;
    }

    NDArray first(int i) {
        return first[i];
    }

    NDArray second(int i) {
        return second[i];
    }

    long updates() {
        return updates;
    }

    /** Restores the state a checkpoint saved: the moments copied into place. */
    void restore(long updates, NDArray[] firstMoments, NDArray[] secondMoments) {
        this.updates = updates;
        for (int i = 0; i < first.length; i++) {
            overwrite(first[i], firstMoments[i]);
            overwrite(second[i], secondMoments[i]);
        }
    }

    /**
     * Copies values into an array's own storage, in place: {@code NDArray.set(Buffer)} would give the Java object new
     * storage instead, which leaves a parameter's other views (the model's) as they were.
     */
    static void overwrite(NDArray target, NDArray values) {
        NDArray moved = values.toDevice(target.getDevice(), false).toType(target.getDataType(), false);
        target.muli(0).addi(moved);
    }

    /**
     * One update with the given gradients (already unscaled and clipped, fp32, in the parameters' order), at the
     * given learning rate. Intermediate arrays go to {@code scope}.
     */
    void update(NDArray[] gradients, double learningRate, NDManager scope) {
        updates++;
        double firstCorrection = 1 - Math.pow(BETA1, updates);
        double secondCorrection = 1 - Math.pow(BETA2, updates);
        for (int i = 0; i < first.length; i++) {
            // borrowed by the scope for this update, so that what is computed from them dies with it
            first[i].tempAttach(scope);
            second[i].tempAttach(scope);
            NDArray g = gradients[i];
            first[i].muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
            second[i].muli((float) BETA2).addi(g.square().mul((float) (1 - BETA2)));
            NDArray step = first[i].div((float) firstCorrection)
                    .div(second[i].div((float) secondCorrection).sqrt().add((float) EPSILON))
                    .mul((float) learningRate);
            NDArray data = parameters.get(i).array().stopGradient();
            data.attach(scope);
            if (weightDecay > 0) {
                data.muli((float) (1 - learningRate * weightDecay));
            }
            data.subi(step.toType(data.getDataType(), false));
        }
    }
}
