package dev.nl2sql.engine.t5;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * How the weights are held. fp16 halves the memory (T5-3B: 5.7 GB instead of 11.4 GB) but T5's activations overflow
 * fp16's range, so {@link T5Model} guards it as the reference implementation does: layer norms and softmax run in
 * fp32, and hidden states are clamped inside fp16's range after every sub-layer. {@code mixed} also keeps the
 * feed-forward output projections ({@code wo}, where T5 v1.1 overflows first) in fp32, as Hugging Face's
 * {@code _keep_in_fp32_modules} does, at 2 more bytes per {@code wo} weight. bf16 would need no guard, but Turing
 * cards (RTX 20xx) have none.
 */
public enum T5Precision {
    FP32(DataType.FLOAT32, DataType.FLOAT32),
    FP16(DataType.FLOAT16, DataType.FLOAT16),
    MIXED(DataType.FLOAT16, DataType.FLOAT32);

    private final DataType dataType;
    private final DataType outputProjection;

    T5Precision(DataType dataType, DataType outputProjection) {
        this.dataType = dataType;
        this.outputProjection = outputProjection;
    }

    /** The type of the weights and of the hidden states. */
    public DataType dataType() {
        return dataType;
    }

    /** The type of the feed-forward output projections. */
    public DataType outputProjection() {
        return outputProjection;
    }

    /** {@code fp32}, {@code fp16} or {@code mixed}, any case. */
    public static T5Precision parse(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
