package dev.nl2sql.engine.llama;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A random-weight llama model with a Llama-3-sized vocabulary (128,256 tokens), made from llama-2-tiny-random.gguf
 * (1 layer, n_embd 8): its 32,000 tokens stay as they are, so SQL keywords and names cut into the pieces a real
 * vocabulary has, and the rest are byte-pair-like strings (two existing word pieces joined, as a BPE merge would)
 * with fresh random rows in the embedding and output matrices. A model step stays cheap while everything that walks
 * the vocabulary (sampling, a grammar) pays for four times as many tokens. Written deterministically from the seed.
 *
 * <p>{@code java -cp nl2sql-bench.jar dev.nl2sql.engine.llama.WideVocabularyModel BASE.gguf OUT.gguf [TOKENS]}
 */
public final class WideVocabularyModel {

    /** Llama 3's vocabulary size: 128,000 tokens and 256 reserved special ones. */
    public static final int LLAMA3_VOCABULARY = 128_256;

    private static final int NORMAL_TOKEN = 1;
    private static final int MAX_JOINED_LENGTH = 16;

    private WideVocabularyModel() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: WideVocabularyModel BASE.gguf OUT.gguf [TOKENS (default 128256)]");
            System.exit(2);
        }
        int size = args.length == 3 ? Integer.parseInt(args[2]) : LLAMA3_VOCABULARY;
        write(Path.of(args[0]), size, Path.of(args[1]), 1);
        System.exit(0);
    }

    /**
     * Writes {@code base} widened to {@code vocabularySize} tokens as {@code out} (written to a sibling file and
     * moved, so a reader never sees half a model) and returns {@code out}.
     */
    public static Path write(Path base, int vocabularySize, Path out, long seed) throws IOException {
        GgufFile model = GgufFile.read(base);
        List<String> tokens = model.strings("tokenizer.ggml.tokens");
        int baseSize = tokens.size();
        if (vocabularySize < baseSize) {
            throw new IllegalArgumentException(vocabularySize + " tokens is fewer than the base model's " + baseSize);
        }
        Random random = new Random(seed);
        List<String> joinable = new ArrayList<>();
        List<?> types = ((GgufFile.ArrayValue) model.metadata().get("tokenizer.ggml.token_type").value()).elements();
        for (int i = 0; i < baseSize; i++) {
            if (((Number) types.get(i)).intValue() == NORMAL_TOKEN) {
                joinable.add(tokens.get(i));
            }
        }
        Set<String> seen = new HashSet<>(tokens);
        List<Object> newTokens = new ArrayList<>(tokens);
        List<Object> scores = new ArrayList<>(
                ((GgufFile.ArrayValue) model.metadata().get("tokenizer.ggml.scores").value()).elements());
        List<Object> newTypes = new ArrayList<>(types);
        float lowest = (float) scores.stream().mapToDouble(s -> ((Number) s).doubleValue()).min().orElse(0);
        while (newTokens.size() < vocabularySize) {
            String left = joinable.get(random.nextInt(joinable.size()));
            String right = joinable.get(random.nextInt(joinable.size()));
            // SentencePiece's space mark only at the front of a piece, as in a real vocabulary
            String tail = right.replaceFirst("^\u2581+", "");
            String joined = left + tail;
            boolean marksOnlyInFront = tail.indexOf('\u2581') < 0
                    && left.replaceFirst("^\u2581+", "").indexOf('\u2581') < 0;
            if (!tail.isEmpty() && marksOnlyInFront && joined.length() <= MAX_JOINED_LENGTH && seen.add(joined)) {
                newTokens.add(joined);
                // below every real merge, so the prompt still tokenizes much as the base model's does
                scores.add(lowest - newTokens.size());
                newTypes.add(NORMAL_TOKEN);
            }
        }
        model.put("tokenizer.ggml.tokens", GgufFile.ARRAY, new GgufFile.ArrayValue(GgufFile.STRING, newTokens));
        model.put("tokenizer.ggml.scores", GgufFile.ARRAY, new GgufFile.ArrayValue(GgufFile.FLOAT32, scores));
        model.put("tokenizer.ggml.token_type", GgufFile.ARRAY, new GgufFile.ArrayValue(GgufFile.INT32, newTypes));
        model.tensors().replaceAll(tensor -> tensor.name().equals("token_embd.weight")
                || tensor.name().equals("output.weight") ? widen(tensor, vocabularySize, random) : tensor);
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        model.write(partial);
        return Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A [row, tokens] F16 matrix with rows added up to {@code rows}, drawn with the spread of the existing ones. */
    private static GgufFile.Tensor widen(GgufFile.Tensor tensor, int rows, Random random) {
        if (tensor.type() != GgufFile.GGML_F16 || tensor.shape().length != 2) {
            throw new IllegalArgumentException(tensor.name() + " is not a 2-D F16 matrix");
        }
        int rowLength = Math.toIntExact(tensor.shape()[0]);
        ByteBuffer old = ByteBuffer.wrap(tensor.data()).order(ByteOrder.LITTLE_ENDIAN);
        double sumOfSquares = 0;
        int count = tensor.data().length / 2;
        for (int i = 0; i < count; i++) {
            float v = halfToFloat(old.getShort(i * 2));
            sumOfSquares += v * v;
        }
        double spread = Math.sqrt(sumOfSquares / count);
        ByteBuffer data = ByteBuffer.allocate(rows * rowLength * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put(tensor.data());
        while (data.hasRemaining()) {
            data.putShort(floatToHalf((float) (random.nextGaussian() * spread)));
        }
        return new GgufFile.Tensor(tensor.name(), new long[] {rowLength, rows}, GgufFile.GGML_F16, data.array());
    }

    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) { // zero or subnormal
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Round to nearest; values here are small, so overflow to infinity and subnormals are flushed to zero. */
    static short floatToHalf(float value) {
        int bits = Float.floatToIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xFF) - 112;
        int mantissa = bits & 0x7FFFFF;
        if (exponent <= 0) {
            return (short) sign;
        }
        if (exponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        int half = sign | (exponent << 10) | (mantissa >>> 13);
        if ((mantissa & 0x1000) != 0) { // round half up on the dropped bits
            half++;
        }
        return (short) half;
    }
}
