package dev.nl2sql.engine.t5;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

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

    private final T5Config config;
    private final NDManager manager;
    private final DataType dataType;
    private final boolean fp16;
    private final NDArray embedding;
    /** The output layer, transposed to [dModel, vocab], with v1.0's dModel^-0.5 scale folded in. */
    private final NDArray lmHead;
    private final Layer[] encoder;
    private final Layer[] decoder;
    private final NDArray encoderNorm;
    private final NDArray decoderNorm;
    private final float[] encoderBias;
    private final float[] decoderBias;

    /**
     * One block's weights: self-attention, cross-attention (decoder only, else null) and feed-forward, each with the
     * RMS norm before it. Linear layers are held transposed ([in, out]) so inputs multiply them directly.
     */
    private record Layer(SelfAttention self, CrossAttention cross, FeedForward feedForward) {
    }

    /** Queries, keys and values fused in one matrix. */
    private record SelfAttention(NDArray norm, NDArray qkv, NDArray out) {
    }

    /** Keys and values fused; they are computed once per question from the encoder's output. */
    private record CrossAttention(NDArray norm, NDArray q, NDArray kv, NDArray out) {
    }

    /** {@code gate} is T5 v1.1's second input projection, null for v1.0's ReLU. */
    private record FeedForward(NDArray norm, NDArray wi, NDArray gate, NDArray wo) {
    }

    private T5Model(T5Config config, NDManager manager, DataType dataType, NDArray embedding, NDArray lmHead,
            Layer[] encoder, Layer[] decoder, NDArray encoderNorm, NDArray decoderNorm, float[] encoderBias,
            float[] decoderBias) {
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
    }

    /**
     * Loads a checkpoint directory ({@code config.json} and safetensors weights) onto the device, in the precision
     * asked for.
     */
    public static T5Model load(Path dir, Device device, T5Precision precision) throws IOException {
        T5Config config = T5Config.read(dir.resolve("config.json"));
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            NDManager reading = manager.newSubManager(Device.cpu());
            try (reading) {
                T5Weights weights = T5Weights.read(dir, reading);
                // what the model did not take (copies of the embedding under other names) goes with the reader
                return build(config, weights, manager, device, precision);
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static T5Model build(T5Config c, T5Weights w, NDManager manager, Device device, T5Precision precision)
            throws IOException {
        DataType type = precision.dataType();
        Converter to = new Converter(manager, device, type, precision.outputProjection());
        NDArray shared = w.takeAny("shared.weight", "encoder.embed_tokens.weight", "decoder.embed_tokens.weight");
        checkShape(shared, "shared.weight", c.vocabSize(), c.dModel());
        NDArray embedding = to.plain(shared);
        NDArray lmHead;
        if (c.tiedEmbeddings()) {
            lmHead = to.plain(shared.mul(Math.pow(c.dModel(), -0.5)).transpose());
        } else {
            lmHead = to.plain(w.take("lm_head.weight").transpose());
        }
        float[] encoderBias = w.take("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight")
                .toType(DataType.FLOAT32, false).toFloatArray();
        float[] decoderBias = w.take("decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight")
                .toType(DataType.FLOAT32, false).toFloatArray();
        if (encoderBias.length != c.buckets() * c.heads() || decoderBias.length != encoderBias.length) {
            throw new IOException("The relative attention bias does not have " + c.buckets() + " x " + c.heads()
                    + " entries as config.json says");
        }
        Layer[] encoder = new Layer[c.encoderLayers()];
        for (int i = 0; i < encoder.length; i++) {
            String p = "encoder.block." + i + ".layer.";
            encoder[i] = new Layer(selfAttention(w, to, p + "0."), null, feedForward(w, to, c, p + "1."));
        }
        Layer[] decoder = new Layer[c.decoderLayers()];
        for (int i = 0; i < decoder.length; i++) {
            String p = "decoder.block." + i + ".layer.";
            decoder[i] = new Layer(selfAttention(w, to, p + "0."), crossAttention(w, to, p + "1."),
                    feedForward(w, to, c, p + "2."));
        }
        return new T5Model(c, manager, type, embedding, lmHead, encoder, decoder,
                to.plain(w.take("encoder.final_layer_norm.weight")), to.plain(w.take("decoder.final_layer_norm.weight")),
                encoderBias, decoderBias);
    }

    private static SelfAttention selfAttention(T5Weights w, Converter to, String p) throws IOException {
        return new SelfAttention(to.plain(w.take(p + "layer_norm.weight")),
                to.linear(w.take(p + "SelfAttention.q.weight"), w.take(p + "SelfAttention.k.weight"),
                        w.take(p + "SelfAttention.v.weight")),
                to.linear(w.take(p + "SelfAttention.o.weight")));
    }

    private static CrossAttention crossAttention(T5Weights w, Converter to, String p) throws IOException {
        return new CrossAttention(to.plain(w.take(p + "layer_norm.weight")),
                to.linear(w.take(p + "EncDecAttention.q.weight")),
                to.linear(w.take(p + "EncDecAttention.k.weight"), w.take(p + "EncDecAttention.v.weight")),
                to.linear(w.take(p + "EncDecAttention.o.weight")));
    }

    private static FeedForward feedForward(T5Weights w, Converter to, T5Config c, String p) throws IOException {
        String dense = p + "DenseReluDense.";
        return new FeedForward(to.plain(w.take(p + "layer_norm.weight")),
                to.linear(w.take(dense + (c.gatedGelu() ? "wi_0.weight" : "wi.weight"))),
                c.gatedGelu() ? to.linear(w.take(dense + "wi_1.weight")) : null,
                to.output(w.take(dense + "wo.weight")));
    }

    private static void checkShape(NDArray array, String name, long... dims) throws IOException {
        if (!array.getShape().equals(new Shape(dims))) {
            throw new IOException(name + " has shape " + array.getShape() + ", config.json implies " + new Shape(dims));
        }
    }

    /** Moves checkpoint tensors to the model's device and precision. */
    private record Converter(NDManager manager, Device device, DataType type, DataType outputType) {

        NDArray plain(NDArray a) {
            return keep(a, type);
        }

        /** Linear layers given as [out, in], concatenated along out and transposed to [in, out]. */
        NDArray linear(NDArray... parts) {
            NDArray joined = parts.length == 1 ? parts[0] : NDArrays.concat(new NDList(parts), 0);
            return keep(joined.transpose(), type);
        }

        /** The feed-forward output projection, where T5's activations overflow first: fp32 in a mixed model. */
        NDArray output(NDArray a) {
            return keep(a.transpose(), outputType);
        }

        private NDArray keep(NDArray a, DataType as) {
            // a real copy: decoded tensors may borrow the reader's buffers, and toType of the same type is an alias
            NDArray copy = a.getDataType() == as ? a.duplicate() : a.toType(as, false);
            NDArray moved = copy.toDevice(device, false);
            if (moved != copy) {
                copy.close();
            }
            moved.attach(manager);
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
                NDArray hidden = encode(step, inputIds);
                for (int i = 0; i < decoder.length; i++) {
                    NDList kv = hidden.matMul(decoder[i].cross().kv()).split(2, 2);
                    crossKeys[i] = heads(kv.get(0));
                    crossValues[i] = heads(kv.get(1));
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

    private NDArray encode(NDManager step, long[] ids) {
        int length = ids.length;
        NDArray x = embedding.get(step, new NDIndex("{}", step.create(ids).toDevice(device(), false)))
                .expandDims(0);
        NDArray bias = step.create(positionBias(encoderBias, length, length, 0, true),
                new Shape(1, config.heads(), length, length)).toDevice(device(), false).toType(dataType, false);
        for (Layer layer : encoder) {
            SelfAttention self = layer.self();
            NDList qkv = norm(x, self.norm()).matMul(self.qkv()).split(3, 2);
            x = residual(x, attention(heads(qkv.get(0)), heads(qkv.get(1)), heads(qkv.get(2)), bias)
                    .matMul(self.out()));
            x = residual(x, feedForward(layer.feedForward(), x));
        }
        return norm(x, encoderNorm);
    }

    /**
     * The decoding of one input: the encoder's keys and values for cross-attention, and per beam the decoder's keys
     * and values of the tokens written so far. Close it when the question is done.
     */
    public final class Decoding implements AutoCloseable {

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
                NDArray x = embedding.get(step, new NDIndex("{}", step.create(toLong(tokens)).toDevice(device(),
                        false))).expandDims(1);
                NDArray selfBias = step.create(positionBias(decoderBias, 1, length + 1, length, false),
                        new Shape(1, config.heads(), 1, length + 1)).toDevice(device(), false).toType(dataType, false);
                for (int i = 0; i < decoder.length; i++) {
                    SelfAttention self = decoder[i].self();
                    CrossAttention cross = decoder[i].cross();
                    // borrowed for this step, so that views of them die with it
                    crossKeys[i].tempAttach(step);
                    crossValues[i].tempAttach(step);
                    NDList qkv = norm(x, self.norm()).matMul(self.qkv()).split(3, 2);
                    NDArray k = heads(qkv.get(1));
                    NDArray v = heads(qkv.get(2));
                    if (keys[i] != null) {
                        keys[i].attach(step);
                        values[i].attach(step);
                        k = keys[i].concat(k, 2);
                        v = values[i].concat(v, 2);
                    }
                    x = residual(x, attention(heads(qkv.get(0)), k, v, selfBias).matMul(self.out()));
                    NDArray q = heads(norm(x, cross.norm()).matMul(cross.q()));
                    x = residual(x, attention(q, crossKeys[i], crossValues[i], null).matMul(cross.out()));
                    x = residual(x, feedForward(decoder[i].feedForward(), x));
                    k.attach(question);
                    v.attach(question);
                    keys[i] = k;
                    values[i] = v;
                }
                NDArray logits = norm(x, decoderNorm).matMul(lmHead).toType(DataType.FLOAT32, false);
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

    /** T5's attention: no 1/sqrt(dKv) scaling (it is folded into the weights), softmax in fp32. */
    private NDArray attention(NDArray q, NDArray k, NDArray v, NDArray bias) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray weights = scores.toType(DataType.FLOAT32, false).softmax(-1).toType(dataType, false);
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3);
        Shape s = context.getShape();
        return context.reshape(s.get(0), s.get(1), (long) config.heads() * config.dKv());
    }

    /** The feed-forward sub-layer's output for the hidden states (its norm included), to be added to them. */
    private NDArray feedForward(FeedForward ff, NDArray hidden) {
        NDArray x = norm(hidden, ff.norm());
        NDArray h = x.matMul(ff.wi());
        if (ff.gate() == null) {
            h = h.maximum(0f);
        } else {
            h = geluNew(h).mul(x.matMul(ff.gate()));
        }
        // in a mixed model wo is fp32: its input is where fp16 overflows first
        NDArray out = h.toType(ff.wo().getDataType(), false).matMul(ff.wo());
        return fp16 ? out.clip(-FP16_CLAMP, FP16_CLAMP).toType(dataType, false) : out;
    }

    /** The tanh approximation of GELU that T5 v1.1 was trained with. */
    private static NDArray geluNew(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    /** T5's RMS norm: no mean subtraction, no bias; the variance is taken in fp32. */
    private NDArray norm(NDArray x, NDArray weight) {
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray variance = x32.square().mean(new int[] {-1}, true);
        return x32.mul(variance.add((float) config.epsilon()).sqrt().pow(-1f)).toType(dataType, false).mul(weight);
    }

    private NDArray residual(NDArray x, NDArray delta) {
        NDArray sum = x.add(delta);
        return fp16 ? sum.clip(-FP16_CLAMP, FP16_CLAMP) : sum;
    }

    /**
     * The relative position bias, [heads][queries][keys] flattened, for query positions starting at
     * {@code firstQuery}. Bidirectional in the encoder; in the decoder a query sees only keys at or before it.
     */
    private float[] positionBias(float[] table, int queries, int keys, int firstQuery, boolean bidirectional) {
        int heads = config.heads();
        float[] out = new float[heads * queries * keys];
        for (int q = 0; q < queries; q++) {
            for (int k = 0; k < keys; k++) {
                int bucket = bucket(k - (firstQuery + q), bidirectional, config.buckets(), config.maxDistance());
                for (int h = 0; h < heads; h++) {
                    out[(h * queries + q) * keys + k] = table[bucket * heads + h];
                }
            }
        }
        return out;
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
