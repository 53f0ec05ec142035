package dev.nl2sql.engine.t5;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * T5 (encoder-decoder) written with DJL's NDArray operations, as Hugging Face's {@code T5ForConditionalGeneration}
 * computes it: RMS layer norms before each sub-layer, unscaled attention with learned relative position buckets (in the
 * first layer, shared by the others), ReLU (v1.0) or gated-GELU (v1.1) feed-forward, and a decoder that keeps its keys
 * and values between steps, so each new token costs one position, not the whole prefix.
 *
 * <p>Written with DJL operations rather than exported to TorchScript: a TorchScript export needs Python and the
 * checkpoint at build time (tests here run with neither), and it freezes the graph, while these weights are ordinary
 * NDArrays that DJL's autograd can train, which fine-tuning on the user's own database needs later.
 *
 * <p>Immutable after loading and safe for concurrent questions: each {@link Decoding} owns its arrays.
 */
public final class T5Model implements AutoCloseable {

    /** Largest finite fp16 value less a margin, as Hugging Face's T5 clamps fp16 hidden states. */
    private static final float FP16_CLAMP = 65504f - 1000f;
    /** Added to the scores of masked keys (padding, future positions), in fp32 before the softmax. */
    private static final float MASKED = -1e9f;
    private static final String ENCODER_BIAS = "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
    private static final String DECODER_BIAS = "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";

    private final T5Config config;
    private final NDManager manager;
    private final DataType dataType;
    private final boolean fp16;
    private final NDArray embedding;
    /**
     * The output layer, transposed to [dModel, vocab], with v1.0's dModel^-0.5 scale folded in; null when the
     * embedding is tied to it and trained, so the output must follow the embedding at every step.
     */
    private final NDArray lmHead;
    private final Layer[] encoder;
    private final Layer[] decoder;
    private final NDArray encoderNorm;
    private final NDArray decoderNorm;
    /** Relative position bias tables, [buckets, heads], fp32. */
    private final NDArray encoderBias;
    private final NDArray decoderBias;
    /** Whether every weight is trainable (full fine-tuning); false at answer time and for LoRA. */
    private final boolean fullyTrainable;
    /** Whether gradients must flow through precision changes (a model loaded for training). */
    private final boolean training;

    /** One block's weights: self-attention, cross-attention (decoder only, else null) and feed-forward. */
    private record Layer(SelfAttention self, CrossAttention cross, FeedForward feedForward) {
    }

    /** Queries, keys and values fused in one layer, with the RMS norm before them. */
    private record SelfAttention(NDArray norm, T5Linear qkv, T5Linear out) {
    }

    /** Keys and values fused; they are computed once per question from the encoder's output. */
    private record CrossAttention(NDArray norm, T5Linear q, T5Linear kv, T5Linear out) {
    }

    /** {@code gate} is T5 v1.1's second input projection, null for v1.0's ReLU. */
    private record FeedForward(NDArray norm, T5Linear wi, T5Linear gate, T5Linear wo) {
    }

    /** A trainable array and the name it is saved under. */
    public record Parameter(String name, NDArray array) {
    }

    private T5Model(T5Config config, NDManager manager, DataType dataType, NDArray embedding, NDArray lmHead,
            Layer[] encoder, Layer[] decoder, NDArray encoderNorm, NDArray decoderNorm, NDArray encoderBias,
            NDArray decoderBias, boolean fullyTrainable, boolean training) {
        this.config = config;
        this.manager = manager;
        this.dataType = dataType;
        this.fp16 = dataType == DataType.FLOAT16;
        this.embedding = embedding;
        this.lmHead = lmHead;
        this.encoder = encoder;
        this.decoder = decoder;
        this.encoderNorm = encoderNorm;
        this.decoderNorm = decoderNorm;
        this.encoderBias = encoderBias;
        this.decoderBias = decoderBias;
        this.fullyTrainable = fullyTrainable;
        this.training = training;
    }

    /**
     * Loads a checkpoint directory ({@code config.json} and safetensors weights) onto the device, in the precision
     * asked for.
     */
    public static T5Model load(Path dir, Device device, T5Precision precision) throws IOException {
        return load(dir, device, precision, null, false, false);
    }

    /**
     * Loads a checkpoint for training: every weight trainable ({@code full}, fp32 only: the optimizer updates the
     * weights themselves), or frozen weights in the precision asked for, to which {@link #attachLora} adds adapters.
     */
    public static T5Model loadForTraining(Path dir, Device device, T5Precision precision, boolean full)
            throws IOException {
        if (full && precision != T5Precision.FP32) {
            throw new IllegalArgumentException("full fine-tuning trains fp32 weights; use fp32, or LoRA for fp16");
        }
        T5Model model = load(dir, device, precision, null, full, true);
        if (full) {
            for (Parameter p : model.allWeights()) {
                p.array().setRequiresGradient(true);
            }
        }
        return model;
    }

    /** Loads a checkpoint with a LoRA adapter merged into its weights (null for none). */
    static T5Model load(Path dir, Device device, T5Precision precision, T5Adapter adapter, boolean full,
            boolean training) throws IOException {
        T5Config config = T5Config.read(dir.resolve("config.json"));
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            NDManager reading = manager.newSubManager(Device.cpu());
            try (reading) {
                T5Weights weights = T5Weights.read(dir, reading);
                if (adapter != null) {
                    adapter.mergeInto(weights);
                }
                // what the model did not take (copies of the embedding under other names) goes with the reader
                return build(config, weights, manager, device, precision, full, training);
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static T5Model build(T5Config c, T5Weights w, NDManager manager, Device device, T5Precision precision,
            boolean full, boolean training) throws IOException {
        DataType type = precision.dataType();
        Converter to = new Converter(manager, device, type, precision.outputProjection(), w);
        NDArray shared = w.takeAny("shared.weight", "encoder.embed_tokens.weight", "decoder.embed_tokens.weight");
        checkShape(shared, "shared.weight", c.vocabSize(), c.dModel());
        NDArray embedding = to.keep(shared, type, "shared.weight");
        NDArray lmHead;
        if (c.tiedEmbeddings()) {
            lmHead = full ? null : to.keep(shared.mul(Math.pow(c.dModel(), -0.5)).transpose(), type, "lm_head");
        } else {
            lmHead = to.keep(w.take("lm_head.weight").transpose(), type, "lm_head.weight");
        }
        NDArray encoderBias = to.keep(w.take(ENCODER_BIAS), DataType.FLOAT32, ENCODER_BIAS);
        NDArray decoderBias = to.keep(w.take(DECODER_BIAS), DataType.FLOAT32, DECODER_BIAS);
        checkShape(encoderBias, ENCODER_BIAS, c.buckets(), c.heads());
        checkShape(decoderBias, DECODER_BIAS, c.buckets(), c.heads());
        Layer[] encoder = new Layer[c.encoderLayers()];
        for (int i = 0; i < encoder.length; i++) {
            String p = "encoder.block." + i + ".layer.";
            encoder[i] = new Layer(selfAttention(to, p + "0."), null, feedForward(to, c, p + "1."));
        }
        Layer[] decoder = new Layer[c.decoderLayers()];
        for (int i = 0; i < decoder.length; i++) {
            String p = "decoder.block." + i + ".layer.";
            decoder[i] = new Layer(selfAttention(to, p + "0."), crossAttention(to, p + "1."),
                    feedForward(to, c, p + "2."));
        }
        return new T5Model(c, manager, type, embedding, lmHead, encoder, decoder,
                to.plain("encoder.final_layer_norm.weight"), to.plain("decoder.final_layer_norm.weight"),
                encoderBias, decoderBias, full, training);
    }

    private static SelfAttention selfAttention(Converter to, String p) throws IOException {
        String a = p + "SelfAttention.";
        return new SelfAttention(to.plain(p + "layer_norm.weight"), to.linear(a + "q", a + "k", a + "v"),
                to.linear(a + "o"));
    }

    private static CrossAttention crossAttention(Converter to, String p) throws IOException {
        String a = p + "EncDecAttention.";
        return new CrossAttention(to.plain(p + "layer_norm.weight"), to.linear(a + "q"), to.linear(a + "k", a + "v"),
                to.linear(a + "o"));
    }

    private static FeedForward feedForward(Converter to, T5Config c, String p) throws IOException {
        String dense = p + "DenseReluDense.";
        return new FeedForward(to.plain(p + "layer_norm.weight"),
                to.linear(dense + (c.gatedGelu() ? "wi_0" : "wi")),
                c.gatedGelu() ? to.linear(dense + "wi_1") : null,
                to.output(dense + "wo"));
    }

    private static void checkShape(NDArray array, String name, long... dims) throws IOException {
        if (!array.getShape().equals(new Shape(dims))) {
            throw new IOException(name + " has shape " + array.getShape() + ", config.json implies " + new Shape(dims));
        }
    }

    /** Moves checkpoint tensors to the model's device and precision. */
    private record Converter(NDManager manager, Device device, DataType type, DataType outputType, T5Weights w) {

        NDArray plain(String name) throws IOException {
            return keep(w.take(name), type, name);
        }

        /** Linear layers given as [out, in], concatenated along out and transposed to [in, out]. */
        T5Linear linear(String... names) throws IOException {
            return linear(type, names);
        }

        /** The feed-forward output projection, where T5's activations overflow first: fp32 in a mixed model. */
        T5Linear output(String name) throws IOException {
            return linear(outputType, name);
        }

        private T5Linear linear(DataType as, String... names) throws IOException {
            NDArray[] parts = new NDArray[names.length];
            long[] widths = new long[names.length];
            for (int i = 0; i < names.length; i++) {
                parts[i] = w.take(names[i] + ".weight");
                widths[i] = parts[i].getShape().get(0);
                if (i > 0 && parts[i].getShape().get(1) != parts[0].getShape().get(1)) {
                    throw new IOException(names[i] + ".weight has shape " + parts[i].getShape() + ", unlike "
                            + names[0] + ".weight " + parts[0].getShape());
                }
            }
            return new T5Linear(List.of(names), widths, keep(T5Linear.fuse(parts).transpose(), as,
                    String.join("+", names)));
        }

        NDArray keep(NDArray a, DataType as, String name) {
            // a real copy: decoded tensors may borrow the reader's buffers, and toType of the same type is an alias
            NDArray copy = a.getDataType() == as ? a.duplicate() : a.toType(as, false);
            NDArray moved = copy.toDevice(device, false);
            if (moved != copy) {
                copy.close();
            }
            moved.attach(manager);
            moved.setName(name);
            return moved;
        }
    }

    public T5Config config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    public DataType dataType() {
        return dataType;
    }

    /** Starts decoding an input (token ids ending with the end token): runs the encoder once. */
    public Decoding start(long[] inputIds) {
        NDManager question = manager.newSubManager();
        try {
            NDArray[] crossKeys = new NDArray[decoder.length];
            NDArray[] crossValues = new NDArray[decoder.length];
            try (NDManager step = question.newSubManager()) {
                NDArray ids = step.create(inputIds).toDevice(device(), false).expandDims(0);
                NDArray hidden = encode(step, ids, null, 0);
                for (int i = 0; i < decoder.length; i++) {
                    NDArray[] kv = crossKeysValues(decoder[i].cross(), hidden);
                    crossKeys[i] = kv[0];
                    crossValues[i] = kv[1];
                    crossKeys[i].attach(question);
                    crossValues[i].attach(question);
                }
            }
            return new Decoding(question, crossKeys, crossValues);
        } catch (RuntimeException e) {
            question.close();
            throw e;
        }
    }

    /**
     * The encoder over a batch of inputs, [batch, positions] token ids, with {@code keep} (1 for a token, 0 for
     * padding; null when nothing is padded). Returns the hidden states, [batch, positions, dModel].
     */
    private NDArray encode(NDManager step, NDArray ids, NDArray keyMask, float dropout) {
        long length = ids.getShape().get(1);
        NDArray x = drop(step, embed(step, ids), dropout);
        NDArray bias = positionBias(step, encoderBias, (int) length, (int) length, 0, true);
        for (Layer layer : encoder) {
            SelfAttention self = layer.self();
            NDList qkv = self.qkv().apply(norm(x, self.norm())).split(3, 2);
            x = residual(x, drop(step, self.out().apply(attention(heads(qkv.get(0)), heads(qkv.get(1)),
                    heads(qkv.get(2)), bias, keyMask)), dropout));
            x = residual(x, drop(step, feedForward(layer.feedForward(), x), dropout));
        }
        return drop(step, norm(x, encoderNorm), dropout);
    }

    /**
     * Dropout as T5 trains with it (on the embeddings, each sub-layer's output and the stacks' final outputs): each
     * value zeroed with probability {@code rate}, the rest scaled by 1 / (1 - rate). The identity at rate 0.
     */
    private NDArray drop(NDManager step, NDArray x, float rate) {
        if (rate == 0) {
            return x;
        }
        NDArray keep = step.randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice()).gte(rate);
        return x.mul(keep.toType(x.getDataType(), false)).mul(1f / (1f - rate));
    }

    /** Cross-attention's keys and values from the encoder's output, [batch, heads, positions, dKv] each. */
    private NDArray[] crossKeysValues(CrossAttention cross, NDArray encoded) {
        NDList kv = cross.kv().apply(encoded).split(2, 2);
        return new NDArray[] {heads(kv.get(0)), heads(kv.get(1))};
    }

    /** Token embeddings of [batch, positions] ids: [batch, positions, dModel]. */
    private NDArray embed(NDManager step, NDArray ids) {
        Shape s = ids.getShape();
        return embedding.get(step, new NDIndex("{}", ids.reshape(-1))).reshape(s.get(0), s.get(1), config.dModel());
    }

    /** The output layer: logits over the vocabulary, in the model's precision. */
    private NDArray output(NDArray hidden) {
        return output(hidden, null);
    }

    /**
     * The output layer's logits for the given token ids only ([..., ids] in that order), or over the whole vocabulary
     * when {@code ids} is null: training with a sampled softmax scores a few thousand of the 32k rows.
     */
    private NDArray output(NDArray hidden, NDArray ids) {
        if (lmHead != null) {
            return hidden.matMul(ids == null ? lmHead : lmHead.get(new NDIndex(":, {}", ids)));
        }
        NDArray rows = ids == null ? embedding : embedding.get(new NDIndex("{}", ids));
        NDArray transposed = rows.transpose();
        transposed.attach(hidden.getManager()); // a view per step: it dies with the step, not with the model
        return hidden.mul((float) Math.pow(config.dModel(), -0.5)).matMul(transposed);
    }

    /**
     * Teacher forcing, for training: the decoder reads whole target sequences at once (each position sees the ones
     * before it) and the result is the logits of every next token, [batch, targetPositions, vocab] in fp32. The same
     * weights and sub-layers as {@link Decoding#step}, which computes one position at a time with a cache.
     *
     * @param inputIds   [batch, inputPositions] token ids, padded with 0
     * @param inputMask  [batch, inputPositions] 1 for a token, 0 for padding
     * @param decoderIds [batch, targetPositions]: the decoder start token, then the target shifted right by one
     */
    public NDArray teacherForcedLogits(NDManager step, NDArray inputIds, NDArray inputMask, NDArray decoderIds) {
        return teacherForcedLogits(step, inputIds, inputMask, decoderIds, 0);
    }

    /** As {@link #teacherForcedLogits(NDManager, NDArray, NDArray, NDArray)}, with dropout at this rate (training). */
    public NDArray teacherForcedLogits(NDManager step, NDArray inputIds, NDArray inputMask, NDArray decoderIds,
            float dropout) {
        return teacherForcedLogits(step, inputIds, inputMask, decoderIds, dropout, null);
    }

    /**
     * As {@link #teacherForcedLogits(NDManager, NDArray, NDArray, NDArray, float)}, with logits for the given output
     * token ids only, [batch, targetPositions, ids] (a sampled softmax); null scores the whole vocabulary.
     */
    public NDArray teacherForcedLogits(NDManager step, NDArray inputIds, NDArray inputMask, NDArray decoderIds,
            float dropout, NDArray outputIds) {
        NDArray keyMask = keyMask(inputMask);
        NDArray encoded = encode(step, inputIds, keyMask, dropout);
        int length = (int) decoderIds.getShape().get(1);
        NDArray x = drop(step, embed(step, decoderIds), dropout);
        NDArray selfBias = positionBias(step, decoderBias, length, length, 0, false);
        float[] future = new float[length * length];
        for (int q = 0; q < length; q++) {
            for (int k = q + 1; k < length; k++) {
                future[q * length + k] = MASKED;
            }
        }
        NDArray causal = step.create(future, new Shape(1, 1, length, length)).toDevice(device(), false);
        for (Layer layer : decoder) {
            SelfAttention self = layer.self();
            CrossAttention cross = layer.cross();
            NDList qkv = self.qkv().apply(norm(x, self.norm())).split(3, 2);
            x = residual(x, drop(step, self.out().apply(attention(heads(qkv.get(0)), heads(qkv.get(1)),
                    heads(qkv.get(2)), selfBias, causal)), dropout));
            NDArray[] kv = crossKeysValues(cross, encoded);
            NDArray q = heads(cross.q().apply(norm(x, cross.norm())));
            x = residual(x, drop(step, cross.out().apply(attention(q, kv[0], kv[1], null, keyMask)), dropout));
            x = residual(x, drop(step, feedForward(layer.feedForward(), x), dropout));
        }
        return cast(output(drop(step, norm(x, decoderNorm), dropout), outputIds), DataType.FLOAT32);
    }

    /** A precision change; one that autograd follows in a training model. */
    private NDArray cast(NDArray x, DataType type) {
        return training ? DifferentiableCast.to(x, type) : x.toType(type, false);
    }

    /** [batch, keys] of 1 and 0 to [batch, 1, 1, keys] of 0 and {@link #MASKED}, added to fp32 scores. */
    private static NDArray keyMask(NDArray keep) {
        if (keep == null) {
            return null;
        }
        NDArray k = keep.toType(DataType.FLOAT32, false);
        return k.sub(1f).neg().mul(MASKED).expandDims(1).expandDims(1);
    }

    /**
     * The decoding of one input: the encoder's keys and values for cross-attention, and per beam the decoder's keys
     * and values of the tokens written so far. Close it when the question is done.
     */
    public final class Decoding implements PicardBeamSearch.Decoder, AutoCloseable {

        private final NDManager question;
        private final NDArray[] crossKeys;
        private final NDArray[] crossValues;
        private final NDArray[] keys;
        private final NDArray[] values;
        private int length;

        private Decoding(NDManager question, NDArray[] crossKeys, NDArray[] crossValues) {
            this.question = question;
            this.crossKeys = crossKeys;
            this.crossValues = crossValues;
            this.keys = new NDArray[decoder.length];
            this.values = new NDArray[decoder.length];
        }

        /** Tokens written so far by each beam (all beams have the same length). */
        public int length() {
            return length;
        }

        /**
         * One decoding step: the beams to continue (indices into the previous step's beams; null on the first step,
         * which starts one beam from the decoder start token) and the token each of them writes now. Returns the log
         * probabilities of the next token, [beams][vocab].
         */
        @Override
        public float[][] step(int[] parents, int[] tokens) {
            try (NDManager step = question.newSubManager()) {
                if (parents != null && length > 0) {
                    NDArray order = step.create(toLong(parents)).toDevice(device(), false);
                    for (int i = 0; i < decoder.length; i++) {
                        keys[i].attach(step);
                        values[i].attach(step);
                        keys[i] = keys[i].get(new NDIndex("{}", order));
                        values[i] = values[i].get(new NDIndex("{}", order));
                    }
                }
                int beams = tokens.length;
                NDArray x = embed(step, step.create(toLong(tokens)).toDevice(device(), false).expandDims(1));
                NDArray selfBias = positionBias(step, decoderBias, 1, length + 1, length, false);
                for (int i = 0; i < decoder.length; i++) {
                    SelfAttention self = decoder[i].self();
                    CrossAttention cross = decoder[i].cross();
                    // borrowed for this step, so that views of them die with it
                    crossKeys[i].tempAttach(step);
                    crossValues[i].tempAttach(step);
                    NDList qkv = self.qkv().apply(norm(x, self.norm())).split(3, 2);
                    NDArray k = heads(qkv.get(1));
                    NDArray v = heads(qkv.get(2));
                    if (keys[i] != null) {
                        keys[i].attach(step);
                        values[i].attach(step);
                        k = keys[i].concat(k, 2);
                        v = values[i].concat(v, 2);
                    }
                    x = residual(x, self.out().apply(attention(heads(qkv.get(0)), k, v, selfBias, null)));
                    NDArray q = heads(cross.q().apply(norm(x, cross.norm())));
                    x = residual(x, cross.out().apply(attention(q, crossKeys[i], crossValues[i], null, null)));
                    x = residual(x, feedForward(decoder[i].feedForward(), x));
                    k.attach(question);
                    v.attach(question);
                    keys[i] = k;
                    values[i] = v;
                }
                NDArray logits = output(norm(x, decoderNorm)).toType(DataType.FLOAT32, false);
                float[] flat = logits.logSoftmax(-1).toDevice(Device.cpu(), false).toFloatArray();
                length++;
                int vocab = flat.length / beams;
                float[][] out = new float[beams][];
                for (int b = 0; b < beams; b++) {
                    out[b] = Arrays.copyOfRange(flat, b * vocab, (b + 1) * vocab);
                }
                return out;
            }
        }

        @Override
        public void close() {
            question.close();
        }
    }

    /** [batch, positions, heads * dKv] to [batch, heads, positions, dKv]. */
    private NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), config.heads(), config.dKv()).transpose(0, 2, 1, 3);
    }

    /**
     * T5's attention: no 1/sqrt(dKv) scaling (it is folded into the weights), softmax in fp32. {@code mask} (fp32,
     * broadcast over the scores; null for none) hides padding and future positions.
     */
    private NDArray attention(NDArray q, NDArray k, NDArray v, NDArray bias, NDArray mask) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray scores32 = cast(scores, DataType.FLOAT32);
        if (mask != null) {
            scores32 = scores32.add(mask);
        }
        NDArray weights = cast(scores32.softmax(-1), dataType);
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3);
        Shape s = context.getShape();
        return context.reshape(s.get(0), s.get(1), (long) config.heads() * config.dKv());
    }

    /** The feed-forward sub-layer's output for the hidden states (its norm included), to be added to them. */
    private NDArray feedForward(FeedForward ff, NDArray hidden) {
        NDArray x = norm(hidden, ff.norm());
        NDArray h = ff.wi().apply(x);
        if (ff.gate() == null) {
            h = h.maximum(0f);
        } else {
            h = geluNew(h).mul(ff.gate().apply(x));
        }
        // in a mixed model wo is fp32: its input is where fp16 overflows first
        NDArray out = ff.wo().apply(cast(h, ff.wo().weight().getDataType()));
        return fp16 ? cast(out.clip(-FP16_CLAMP, FP16_CLAMP), dataType) : out;
    }

    /** The tanh approximation of GELU that T5 v1.1 was trained with. */
    private static NDArray geluNew(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    /** T5's RMS norm: no mean subtraction, no bias; the variance is taken in fp32. */
    private NDArray norm(NDArray x, NDArray weight) {
        NDArray x32 = cast(x, DataType.FLOAT32);
        NDArray variance = x32.square().mean(new int[] {-1}, true);
        return cast(x32.mul(variance.add((float) config.epsilon()).sqrt().pow(-1f)), dataType).mul(weight);
    }

    private NDArray residual(NDArray x, NDArray delta) {
        NDArray sum = x.add(delta);
        return fp16 ? sum.clip(-FP16_CLAMP, FP16_CLAMP) : sum;
    }

    /**
     * The relative position bias, [1, heads, queries, keys], for query positions starting at {@code firstQuery}:
     * rows of the [buckets, heads] table picked by bucket. Bidirectional in the encoder; in the decoder a query's
     * earlier keys get their own buckets (later ones, which only teacher forcing has, are masked).
     */
    private NDArray positionBias(NDManager step, NDArray table, int queries, int keys, int firstQuery,
            boolean bidirectional) {
        long[] buckets = new long[queries * keys];
        for (int q = 0; q < queries; q++) {
            for (int k = 0; k < keys; k++) {
                buckets[q * keys + k] = bucket(k - (firstQuery + q), bidirectional, config.buckets(),
                        config.maxDistance());
            }
        }
        NDArray picked = table.get(step, new NDIndex("{}", step.create(buckets).toDevice(device(), false)));
        return cast(picked.reshape(queries, keys, config.heads()).transpose(2, 0, 1).expandDims(0), dataType);
    }

    /** T5's bucketing of a relative position (key minus query): exact for small distances, logarithmic beyond. */
    static int bucket(int relative, boolean bidirectional, int buckets, int maxDistance) {
        int result = 0;
        int n = buckets;
        int distance;
        if (bidirectional) {
            n /= 2;
            if (relative > 0) {
                result += n;
            }
            distance = Math.abs(relative);
        } else {
            distance = Math.max(-relative, 0);
        }
        int exact = n / 2;
        if (distance < exact) {
            return result + distance;
        }
        int large = exact + (int) (Math.log((double) distance / exact) / Math.log((double) maxDistance / exact)
                * (n - exact));
        return result + Math.min(large, n - 1);
    }

    // ---- training ----

    private List<T5Linear> linears() {
        List<T5Linear> all = new ArrayList<>();
        for (Layer[] stack : new Layer[][] {encoder, decoder}) {
            for (Layer layer : stack) {
                all.add(layer.self().qkv());
                all.add(layer.self().out());
                if (layer.cross() != null) {
                    all.add(layer.cross().q());
                    all.add(layer.cross().kv());
                    all.add(layer.cross().out());
                }
                all.add(layer.feedForward().wi());
                if (layer.feedForward().gate() != null) {
                    all.add(layer.feedForward().gate());
                }
                all.add(layer.feedForward().wo());
            }
        }
        return all;
    }

    /** The weights outside linear layers: embedding, an untied output layer, position biases, norms. */
    private List<NDArray> plainWeights() {
        List<NDArray> plain = new ArrayList<>(List.of(embedding, encoderBias, decoderBias, encoderNorm, decoderNorm));
        if (!config.tiedEmbeddings()) {
            plain.add(lmHead);
        }
        for (Layer[] stack : new Layer[][] {encoder, decoder}) {
            for (Layer layer : stack) {
                plain.add(layer.self().norm());
                if (layer.cross() != null) {
                    plain.add(layer.cross().norm());
                }
                plain.add(layer.feedForward().norm());
            }
        }
        return plain;
    }

    /** Every weight of the model under the name of its array (fused layers as {@code q+k+v}). */
    private List<Parameter> allWeights() {
        List<Parameter> all = new ArrayList<>();
        for (NDArray a : plainWeights()) {
            all.add(new Parameter(a.getName(), a));
        }
        for (T5Linear linear : linears()) {
            all.add(new Parameter(linear.weight().getName(), linear.weight()));
        }
        return all;
    }

    /**
     * Adds LoRA adapters (fp32, {@code A} uniform in ±1/sqrt(in) as PEFT's Kaiming init, {@code B} zero, so training
     * starts from the base model) to every layer part whose Hugging Face name ends with one of the targets ({@code q},
     * {@code k}, {@code v}, {@code o}, {@code wi}, {@code wo}, ...), and returns them, named as PEFT names them.
     */
    public List<Parameter> attachLora(int rank, float alpha, Set<String> targets, long seed) {
        if (fullyTrainable) {
            throw new IllegalStateException("a fully trainable model takes no adapter");
        }
        Random random = new Random(seed);
        List<Parameter> added = new ArrayList<>();
        for (T5Linear linear : linears()) {
            int parts = linear.names().size();
            NDArray[] a = new NDArray[parts];
            NDArray[] b = new NDArray[parts];
            long[] widths = new long[parts];
            boolean any = false;
            long in = linear.weight().getShape().get(0);
            for (int i = 0; i < parts; i++) {
                String name = linear.names().get(i);
                widths[i] = linear.width(i);
                if (!targets.contains(name.substring(name.lastIndexOf('.') + 1))) {
                    continue;
                }
                float bound = (float) (1 / Math.sqrt(in));
                float[] values = new float[(int) (in * rank)];
                for (int j = 0; j < values.length; j++) {
                    values[j] = (random.nextFloat() * 2 - 1) * bound;
                }
                a[i] = trainable(manager.create(values, new Shape(in, rank)), name + ".lora_A");
                b[i] = trainable(manager.zeros(new Shape(rank, widths[i]), DataType.FLOAT32), name + ".lora_B");
                added.add(new Parameter(a[i].getName(), a[i]));
                added.add(new Parameter(b[i].getName(), b[i]));
                any = true;
            }
            if (any) {
                linear.adapt(new T5Lora(a, b, widths, alpha / rank));
            }
        }
        if (added.isEmpty()) {
            throw new IllegalArgumentException("no layer matches the LoRA targets " + targets
                    + "; T5's layers are q, k, v, o (attention), wi, wi_0, wi_1 and wo (feed-forward)");
        }
        return added;
    }

    private NDArray trainable(NDArray array, String name) {
        NDArray moved = array.toDevice(device(), false);
        if (moved != array) {
            array.close();
        }
        moved.attach(manager);
        moved.setName(name);
        moved.setRequiresGradient(true);
        return moved;
    }

    /** What training updates: every weight (full fine-tuning), else the adapters {@link #attachLora} added. */
    public List<Parameter> trainableParameters() {
        if (fullyTrainable) {
            return allWeights();
        }
        List<Parameter> adapters = new ArrayList<>();
        for (T5Linear linear : linears()) {
            T5Lora lora = linear.lora();
            if (lora == null) {
                continue;
            }
            for (int i = 0; i < linear.names().size(); i++) {
                if (lora.a(i) != null) {
                    adapters.add(new Parameter(lora.a(i).getName(), lora.a(i)));
                    adapters.add(new Parameter(lora.b(i).getName(), lora.b(i)));
                }
            }
        }
        return adapters;
    }

    /**
     * The adapters in PEFT's layout, fp32 on the CPU: {@code <layer>.lora_A.weight} [rank, in] and
     * {@code <layer>.lora_B.weight} [out, rank].
     */
    public NDList adapterTensors(NDManager into) {
        NDList out = new NDList();
        for (Parameter p : trainableParameters()) {
            out.add(cpuCopy(detached(p.array(), into).transpose(), into, p.name() + ".weight"));
        }
        return out;
    }

    /** All weights under Hugging Face's names and layout, fp32 on the CPU: a checkpoint's model.safetensors. */
    public NDList checkpointTensors(NDManager into) {
        NDList out = new NDList();
        for (NDArray a : plainWeights()) {
            NDArray hf = a == lmHead ? detached(a, into).transpose() : detached(a, into);
            out.add(cpuCopy(hf, into, a.getName()));
        }
        for (T5Linear linear : linears()) {
            for (NDArray part : linear.parts(detached(linear.weight(), into))) {
                out.add(cpuCopy(part, into, part.getName()));
            }
        }
        return out;
    }

    /** A view of the array without its gradient, in the caller's manager, so that what is made from it dies there. */
    private static NDArray detached(NDArray a, NDManager into) {
        NDArray view = a.stopGradient();
        view.attach(into);
        return view;
    }

    private static NDArray cpuCopy(NDArray a, NDManager into, String name) {
        NDArray t = a.toDevice(Device.cpu(), true).toType(DataType.FLOAT32, false);
        t.attach(into);
        t.setName(name);
        return t;
    }

    private static long[] toLong(int[] ints) {
        long[] out = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            out[i] = ints[i];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
