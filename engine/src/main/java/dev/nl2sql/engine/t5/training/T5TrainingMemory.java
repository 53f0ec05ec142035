package dev.nl2sql.engine.t5.training;

import dev.nl2sql.engine.t5.T5Config;

/**
 * GPU memory of LoRA training on a T5 shape, computed from its config: the plan for an 8 GB card. Counted:
 *
 * <ul>
 *   <li>base weights in fp16, 2 bytes a parameter (mixed precision keeps the feed-forward output projections in
 *       fp32: 2 bytes more for each of those);</li>
 *   <li>LoRA parameters in fp32 with their gradients and AdamW's two moments: 16 bytes a parameter;</li>
 *   <li>activations kept for the backward pass, per token and layer, as this trainer's forward pass keeps them (fp16
 *       hidden states, the fp32 copies its RMS norms and softmaxes make, fp32 feed-forward input to {@code wo});</li>
 *   <li>the output layer's fp16 logits and their fp32 copy and log-softmax, per target token (T5's 32k vocabulary
 *       makes these as large as a few layers);</li>
 *   <li>a fixed allowance for the CUDA context and the allocator's slack.</li>
 * </ul>
 *
 * <p>With activation checkpointing only each layer's input is kept, and one layer's activations are recomputed at a
 * time. This trainer does not checkpoint (DJL offers no way to recompute a segment in the backward pass); the figure
 * is given to show what an implementation that did would fit.
 */
public final class T5TrainingMemory {

    /** CUDA context, cuBLAS workspace and allocator fragmentation, as commonly observed with PyTorch. */
    public static final long CUDA_OVERHEAD = 800L << 20;

    private T5TrainingMemory() {
    }

    /**
     * The estimate, in bytes.
     *
     * @param baseWeights      fp16 weights (and the fp32 {@code wo}s of mixed precision)
     * @param adapterState     LoRA weights, gradients and AdamW moments
     * @param activations      what the forward pass keeps for the backward pass (without checkpointing)
     * @param checkpointed     the same with activation checkpointing
     * @param loraParameters   trainable parameters
     */
    public record Estimate(long baseWeights, long adapterState, long activations, long checkpointed,
            long loraParameters) {

        public long total(boolean checkpointing) {
            return baseWeights + adapterState + (checkpointing ? checkpointed : activations) + CUDA_OVERHEAD;
        }
    }

    /**
     * LoRA of the given rank on q, k, v, o of self- and cross-attention, mixed precision, for a batch of inputs and
     * targets of the given lengths (padded lengths).
     */
    public static Estimate lora(T5Config c, int rank, int batch, int inputTokens, int targetTokens) {
        return lora(c, rank, batch, inputTokens, targetTokens, c.gatedGelu());
    }

    /**
     * As {@link #lora(T5Config, int, int, int, int)}, choosing the precision: {@code fp32OutputProjections} for
     * {@code mixed} (T5 v1.1 needs it), false for plain fp16 (enough for T5 v1.0 such as cxmefzzi).
     */
    public static Estimate lora(T5Config c, int rank, int batch, int inputTokens, int targetTokens,
            boolean fp32OutputProjections) {
        long d = c.dModel();
        long inner = (long) c.heads() * c.dKv();
        long ff = c.dFf();
        long heads = c.heads();
        long wo = (long) (c.encoderLayers() + c.decoderLayers()) * d * ff;
        long baseWeights = c.parameterCount() * 2 + (fp32OutputProjections ? wo * 2 : 0);
        // q, k, v: d -> inner; o: inner -> d; each r * (in + out); 4 per encoder layer, 8 per decoder layer
        long perAttention = 4L * rank * (d + inner);
        long loraParameters = perAttention * (c.encoderLayers() + 2L * c.decoderLayers());
        long adapterState = loraParameters * 16;

        long s = inputTokens;
        long t = targetTokens;
        // bytes per token: an attention sub-layer keeps the fp32 norm input (4d), the fp16 normed input (2d), q, k, v
        // and the context (8 inner); per query and key, fp32 scores, fp32 softmax and fp16 weights (10 bytes a head)
        long attention = 6 * d + 8 * inner;
        // the feed-forward keeps the norm's 6d, wi's output and the ReLU output (2 + 2 bytes; the gated GELU keeps
        // two inputs and more), and wo's input (fp32 when wo is)
        long feedForward = 6 * d + ((c.gatedGelu() ? 8 : 4) + (fp32OutputProjections ? 4 : 0)) * ff;
        long encoderLayer = batch * (s * (attention + feedForward) + 10 * heads * s * s);
        long decoderLayer = batch * (t * (2 * attention + feedForward) + 10 * heads * t * t + 10 * heads * t * s
                + 4 * inner * s);
        long output = batch * t * c.vocabSize() * (2 + 4 + 4);
        long activations = c.encoderLayers() * encoderLayer + c.decoderLayers() * decoderLayer + output;
        // checkpointing keeps each layer's fp16 input and recomputes one layer at a time
        long inputs = batch * 2 * d * (s * c.encoderLayers() + t * c.decoderLayers());
        long checkpointed = inputs + Math.max(encoderLayer, decoderLayer) + output;
        return new Estimate(baseWeights, adapterState, activations, checkpointed, loraParameters);
    }

    /** The shape of t5-3b, the base of tscholak/cxmefzzi (T5 v1.0: ReLU, tied embeddings; 2.85B parameters). */
    public static T5Config t5v10ThreeB() {
        return new T5Config(32128, 1024, 128, 16384, 24, 24, 32, 32, 128, 1e-6, false, true, 0, 1);
    }

    /** The shape of t5-v1_1-large, the base of tscholak/3vnuv1vf (gated GELU, own output layer; 0.78B). */
    public static T5Config t5v11Large() {
        return new T5Config(32128, 1024, 64, 2816, 24, 24, 16, 32, 128, 1e-6, true, false, 0, 1);
    }
}
