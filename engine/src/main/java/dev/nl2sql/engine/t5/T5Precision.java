package dev.nl2sql.engine.t5;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * How the weights are held. fp16 halves the memory (T5-3B: 5.7 GB instead of 11.4 GB) but T5's activations overflow
 * fp16's range, so {@link T5Model} guards it as the reference implementation does: layer norms and softmax run in
 * fp32, the feed-forward output projection ({@code wo}) keeps fp32 weights, and hidden states are clamped inside
 * fp16's range after every residual. bf16 would need no guard, but Turing cards (RTX 20xx) have none.
 */
public enum T5Precision {
    FP32(DataType.FLOAT32),
    FP16(DataType.FLOAT16);

    private final DataType dataType;

    T5Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    /** {@code fp32} or {@code fp16}, any case. */
    public static T5Precision parse(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
