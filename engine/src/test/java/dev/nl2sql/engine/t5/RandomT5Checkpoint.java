package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Writes a T5 checkpoint with random weights in Hugging Face's layout (config.json, model.safetensors under HF's
 * tensor names, and the given tokenizer.json), with no network and no Python: the fixture that tests and benchmarks
 * run the whole T5 path on. The weights come from a seeded {@link Random}, so a seed always gives the same model.
 *
 * <p>One preference is planted, and only one: all embeddings share a common direction, and the end token's leans
 * further along it, so the end token is likely wherever the checker allows it. A model with purely random weights
 * rarely chooses to stop and would write until nl2sql.maxTokens; this one stops at the first complete query. What
 * it writes is still meaningless.
 *
 * <p>Command line: {@code RandomT5Checkpoint <dir> <tokenizer.json> [tiny|tiny:LAYERS:DMODEL|small] [seed]
 * [training]}; {@code training} writes {@link #writeForTraining}'s initialisation.
 */
public final class RandomT5Checkpoint {

    private static final float LINEAR_STD = 0.05f;
    private static final float END_TOKEN_LEAN = 10f;

    private RandomT5Checkpoint() {
    }

    /** A small T5 v1.0 shape (ReLU, tied embeddings, as t5-3b and cxmefzzi) over T5's 32,128-row vocabulary. */
    public static T5Config tiny(int layers, int dModel) {
        int heads = 4;
        return new T5Config(32128, dModel, dModel / heads, dModel * 2, layers, layers, heads, 32, 128, 1e-6, false,
                true, 0, 1);
    }

    /** t5-small's shape (6+6 layers, d_model 512, 8 heads, d_ff 2048: 60M parameters), v1.0 as cxmefzzi. */
    public static T5Config small() {
        return new T5Config(32128, 512, 64, 2048, 6, 6, 8, 32, 128, 1e-6, false, true, 0, 1);
    }

    /** {@code tiny} (2+2 layers, d_model 32), {@code tiny:LAYERS:DMODEL} or {@code small} ({@link #small()}). */
    public static T5Config shape(String name) {
        String[] parts = name.split(":");
        if (parts.length == 3 && parts[0].equals("tiny")) {
            return tiny(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }
        return switch (name) {
            case "tiny" -> tiny(2, 32);
            case "small" -> small();
            default -> throw new IllegalArgumentException("shape is tiny, tiny:LAYERS:DMODEL or small, not " + name);
        };
    }

    public static void write(Path dir, Path tokenizerJson, T5Config config, long seed) throws IOException {
        write(dir, tokenizerJson, config, seed, false);
    }

    /**
     * A checkpoint to train from scratch: Hugging Face's T5 initialisation (embeddings N(0, 1); each projection with
     * the spread that keeps activations at unit scale: queries (d_model * d_kv)^-1/2, keys, values and the first
     * feed-forward layer d_model^-1/2, outputs of attention and feed-forward their input width^-1/2) and no planted
     * preference. The answering fixture's shared embedding direction makes tokens look alike to attention, which a
     * model trained from it must first unlearn.
     */
    public static void writeForTraining(Path dir, Path tokenizerJson, T5Config config, long seed) throws IOException {
        write(dir, tokenizerJson, config, seed, true);
    }

    private static void write(Path dir, Path tokenizerJson, T5Config config, long seed, boolean training)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
        Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        Random random = new Random(seed);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList tensors = new NDList();
            int d = config.dModel();
            int inner = config.heads() * config.dKv();
            tensors.add(named(manager, "shared.weight", training ? normal(random, config.vocabSize() * d, 1f)
                    : embeddings(config, random), config.vocabSize(), d));
            if (!config.tiedEmbeddings()) {
                tensors.add(named(manager, "lm_head.weight", normal(random, config.vocabSize() * d, 1f),
                        config.vocabSize(), d));
            }
            for (String stack : new String[] {"encoder", "decoder"}) {
                boolean decoder = stack.equals("decoder");
                int layers = decoder ? config.decoderLayers() : config.encoderLayers();
                for (int i = 0; i < layers; i++) {
                    String p = stack + ".block." + i + ".layer.";
                    attention(manager, tensors, random, p + "0.SelfAttention.", d, config.dKv(), inner, training);
                    if (i == 0) {
                        tensors.add(named(manager, p + "0.SelfAttention.relative_attention_bias.weight",
                                normal(random, config.buckets() * config.heads(), 0.5f), config.buckets(),
                                config.heads()));
                    }
                    tensors.add(ones(manager, p + "0.layer_norm.weight", d));
                    int ff = 1;
                    if (decoder) {
                        attention(manager, tensors, random, p + "1.EncDecAttention.", d, config.dKv(), inner,
                                training);
                        tensors.add(ones(manager, p + "1.layer_norm.weight", d));
                        ff = 2;
                    }
                    String dense = p + ff + ".DenseReluDense.";
                    if (config.gatedGelu()) {
                        linear(manager, tensors, random, dense + "wi_0.weight", config.dFf(), d, std(training, d));
                        linear(manager, tensors, random, dense + "wi_1.weight", config.dFf(), d, std(training, d));
                    } else {
                        linear(manager, tensors, random, dense + "wi.weight", config.dFf(), d, std(training, d));
                    }
                    linear(manager, tensors, random, dense + "wo.weight", d, config.dFf(),
                            std(training, config.dFf()));
                    tensors.add(ones(manager, p + ff + ".layer_norm.weight", d));
                }
                tensors.add(ones(manager, stack + ".final_layer_norm.weight", d));
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve(T5Weights.SINGLE_FILE))) {
                tensors.encode(out, NDList.Encoding.SAFETENSORS);
            }
        }
    }

    /** Noise plus a direction all tokens share; the end token leans further along it. */
    private static float[] embeddings(T5Config config, Random random) {
        int d = config.dModel();
        float[] e = normal(random, config.vocabSize() * d, 1f);
        float shared = (float) (2 * Math.sqrt(d));
        float unit = (float) (1 / Math.sqrt(d));
        for (int token = 0; token < config.vocabSize(); token++) {
            float along = shared + (token == config.eosTokenId() ? END_TOKEN_LEAN : 0);
            for (int j = 0; j < d; j++) {
                e[token * d + j] += along * unit;
            }
        }
        return e;
    }

    private static void attention(NDManager m, NDList out, Random r, String prefix, int d, int dKv, int inner,
            boolean training) {
        linear(m, out, r, prefix + "q.weight", inner, d, std(training, (long) d * dKv));
        linear(m, out, r, prefix + "k.weight", inner, d, std(training, d));
        linear(m, out, r, prefix + "v.weight", inner, d, std(training, d));
        linear(m, out, r, prefix + "o.weight", d, inner, std(training, inner));
    }

    /** Hugging Face's spread for a projection reading {@code fanIn} values, or the answering fixture's. */
    private static float std(boolean training, long fanIn) {
        return training ? (float) (1 / Math.sqrt(fanIn)) : LINEAR_STD;
    }

    private static void linear(NDManager m, NDList out, Random r, String name, int rows, int columns, float std) {
        out.add(named(m, name, normal(r, rows * columns, std), rows, columns));
    }

    private static NDArray ones(NDManager m, String name, int size) {
        float[] one = new float[size];
        java.util.Arrays.fill(one, 1f);
        NDArray a = m.create(one, new Shape(size));
        a.setName(name);
        return a;
    }

    private static NDArray named(NDManager m, String name, float[] values, long... shape) {
        NDArray a = m.create(values, new Shape(shape));
        a.setName(name);
        return a;
    }

    private static float[] normal(Random random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian() * std;
        }
        return values;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 5 || args.length == 5 && !args[4].equals("training")) {
            System.err.println("usage: RandomT5Checkpoint <dir> <tokenizer.json> [tiny|tiny:LAYERS:DMODEL|small] [seed]"
                    + " [training]");
            System.exit(2);
        }
        T5Config config = shape(args.length > 2 ? args[2] : "tiny");
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        write(Path.of(args[0]), Path.of(args[1]), config, seed, args.length == 5);
    }
}
