package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * One linear layer of {@link T5Model}, held transposed ({@code [in, out]}) so inputs multiply it directly, with
 * several of Hugging Face's layers fused along {@code out} where they read the same input (queries, keys and values:
 * one matrix product instead of three). It remembers the Hugging Face names and widths of its parts, so that training
 * can attach LoRA adapters to single parts and save the weights back under their own names.
 *
 * <p>At answer time {@link #lora} is null and {@link #apply} is the one matrix product inference always did; adapters
 * are merged into the weights when they load.
 */
final class T5Linear {

    private final List<String> names;
    private final long[] widths;
    private final NDArray weight;
    private T5Lora lora;

    T5Linear(List<String> names, long[] widths, NDArray weight) {
        this.names = List.copyOf(names);
        this.widths = widths.clone();
        this.weight = weight;
    }

    /** Hugging Face names of the fused parts, without {@code .weight}: {@code encoder.block.0.layer.0.SelfAttention.q}. */
    List<String> names() {
        return names;
    }

    /** Output width of each part. */
    long width(int part) {
        return widths[part];
    }

    NDArray weight() {
        return weight;
    }

    T5Lora lora() {
        return lora;
    }

    /** Attaches a training adapter (once, before the first forward pass of a training model). */
    void adapt(T5Lora adapter) {
        this.lora = adapter;
    }

    NDArray apply(NDArray x) {
        NDArray y = x.matMul(weight);
        return lora == null ? y : y.add(DifferentiableCast.to(lora.delta(x), y.getDataType()));
    }

    /**
     * The parts of {@code fused} (this layer's weight, or a detached view of it) in Hugging Face's layout
     * ({@code [out, in]}), in order, named: what a checkpoint file holds.
     */
    NDList parts(NDArray fused) {
        NDList split;
        if (widths.length == 1) {
            split = new NDList(fused);
        } else {
            long[] cuts = new long[widths.length - 1];
            long at = 0;
            for (int i = 0; i < cuts.length; i++) {
                at += widths[i];
                cuts[i] = at;
            }
            split = fused.split(cuts, 1);
        }
        NDList out = new NDList();
        for (int i = 0; i < split.size(); i++) {
            NDArray part = split.get(i).transpose();
            part.setName(names.get(i) + ".weight");
            out.add(part);
        }
        return out;
    }

    /** Hugging Face's {@code [out, in]} parts joined along {@code out}. */
    static NDArray fuse(NDArray... parts) {
        return parts.length == 1 ? parts[0] : NDArrays.concat(new NDList(parts), 0);
    }
}
