package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A LoRA adapter on one {@link T5Linear}: for each adapted part, {@code x A B * alpha / rank} is added to the frozen
 * layer's output ({@code A} is {@code [in, rank]}, {@code B} is {@code [rank, out]}: PEFT's {@code lora_A} and
 * {@code lora_B} transposed). Parts without an adapter (say, keys when only queries and values are targets) add
 * nothing. The adapter's arrays are fp32 whatever the base's precision: in a mixed model the base is fp16 and only
 * these are trained.
 */
final class T5Lora {

    private final NDArray[] a;
    private final NDArray[] b;
    private final long[] widths;
    private final float scale;

    /** {@code a[i]} and {@code b[i]} null where part i (of output width {@code widths[i]}) has no adapter. */
    T5Lora(NDArray[] a, NDArray[] b, long[] widths, float scale) {
        this.a = a.clone();
        this.b = b.clone();
        this.widths = widths.clone();
        this.scale = scale;
    }

    NDArray a(int part) {
        return a[part];
    }

    NDArray b(int part) {
        return b[part];
    }

    NDArray delta(NDArray x) {
        NDArray x32 = DifferentiableCast.to(x, DataType.FLOAT32);
        NDList parts = new NDList(a.length);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                parts.add(x32.matMul(a[i]).matMul(b[i]).mul(scale));
            } else {
                long[] dims = x32.getShape().getShape();
                dims[dims.length - 1] = widths[i];
                parts.add(x32.getManager().zeros(new Shape(dims), DataType.FLOAT32, x32.getDevice()));
            }
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, -1);
    }
}
