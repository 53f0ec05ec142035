package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** T5 written with DJL operations: position buckets, the decoder's cache across beams, both T5 versions, fp16. */
class T5ModelTest {

    private static final long[] INPUT = {363, 186, 7634, 7, 58, 1820, 4219, 834, 7, 9963, 1};

    @Test
    void positionBucketsAreT5s() {
        // Hugging Face's _relative_position_bucket with 32 buckets and max distance 128, worked by hand
        assertEquals(0, T5Model.bucket(0, true, 32, 128));
        assertEquals(1, T5Model.bucket(-1, true, 32, 128));
        assertEquals(17, T5Model.bucket(1, true, 32, 128));
        assertEquals(8, T5Model.bucket(-8, true, 32, 128));
        assertEquals(15, T5Model.bucket(-100, true, 32, 128));
        assertEquals(15, T5Model.bucket(-1000, true, 32, 128));
        assertEquals(31, T5Model.bucket(100, true, 32, 128));
        assertEquals(1, T5Model.bucket(-1, false, 32, 128));
        assertEquals(17, T5Model.bucket(-20, false, 32, 128));
        assertEquals(31, T5Model.bucket(-200, false, 32, 128));
        assertEquals(0, T5Model.bucket(5, false, 32, 128), "the decoder sees no future position");
    }

    @Test
    void beamsDecodedTogetherMatchEachDecodedAlone() throws IOException {
        try (T5Model model = T5Model.load(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32)) {
            float[][] together;
            try (T5Model.Decoding d = model.start(INPUT)) {
                d.step(null, new int[] {0});
                d.step(new int[] {0, 0}, new int[] {100, 200});
                together = d.step(new int[] {1, 0}, new int[] {300, 400}); // beams swap places
            }
            float[] first = alone(model, 200, 300);
            float[] second = alone(model, 100, 400);
            assertClose(first, together[0], 1e-4f);
            assertClose(second, together[1], 1e-4f);
        }
    }

    private static float[] alone(T5Model model, int a, int b) {
        try (T5Model.Decoding d = model.start(INPUT)) {
            d.step(null, new int[] {0});
            d.step(new int[] {0}, new int[] {a});
            return d.step(new int[] {0}, new int[] {b})[0];
        }
    }

    /** Training's teacher-forced pass (batched, padded) computes what answering computes one token at a time. */
    @Test
    void teacherForcedLogitsEqualStepByStepDecoding() throws IOException {
        int[] target = {71, 5023, 1820, 1};
        long[] shortInput = java.util.Arrays.copyOf(INPUT, 6);
        shortInput[5] = 1;
        try (T5Model model = T5Model.load(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32);
             ai.djl.ndarray.NDManager step = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            // two rows: the full input, and a shorter one padded to its length (so padding must be masked)
            long[] ids = new long[2 * INPUT.length];
            float[] mask = new float[2 * INPUT.length];
            for (int i = 0; i < INPUT.length; i++) {
                ids[i] = INPUT[i];
                mask[i] = 1;
                if (i < shortInput.length) {
                    ids[INPUT.length + i] = shortInput[i];
                    mask[INPUT.length + i] = 1;
                }
            }
            long[] decoder = new long[2 * target.length];
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < target.length; t++) {
                    decoder[b * target.length + t] = t == 0 ? 0 : target[t - 1];
                }
            }
            ai.djl.ndarray.types.Shape in = new ai.djl.ndarray.types.Shape(2, INPUT.length);
            float[] forced = model.teacherForcedLogits(step, step.create(ids, in), step.create(mask, in),
                    step.create(decoder, new ai.djl.ndarray.types.Shape(2, target.length))).logSoftmax(-1)
                    .toFloatArray();
            int vocab = forced.length / (2 * target.length);
            long[][] inputs = {INPUT, shortInput};
            for (int b = 0; b < 2; b++) {
                try (T5Model.Decoding d = model.start(inputs[b])) {
                    for (int t = 0; t < target.length; t++) {
                        float[] incremental = d.step(t == 0 ? null : new int[] {0},
                                new int[] {t == 0 ? 0 : target[t - 1]})[0];
                        int offset = (b * target.length + t) * vocab;
                        assertClose(incremental, java.util.Arrays.copyOfRange(forced, offset, offset + vocab), 1e-4f);
                    }
                }
            }
        }
    }

    /** Dropout changes a training pass and nothing else: rate 0 is the plain pass, and it leaves no state behind. */
    @Test
    void dropoutChangesOnlyTrainingPasses() throws IOException {
        try (T5Model model = T5Model.load(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32);
             ai.djl.ndarray.NDManager step = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ai.djl.ndarray.NDArray ids = step.create(INPUT, new ai.djl.ndarray.types.Shape(1, INPUT.length));
            ai.djl.ndarray.NDArray keep = wholeInputMask(step);
            ai.djl.ndarray.NDArray decoder = step.create(new long[] {0, 71, 5023}, new ai.djl.ndarray.types.Shape(1, 3));
            float[] plain = model.teacherForcedLogits(step, ids, keep, decoder).toFloatArray();
            assertClose(plain, model.teacherForcedLogits(step, ids, keep, decoder, 0f).toFloatArray(), 0f);
            float[] dropped = model.teacherForcedLogits(step, ids, keep, decoder, 0.5f).toFloatArray();
            assertEquals(plain.length, dropped.length);
            assertFalse(java.util.Arrays.equals(plain, dropped), "half the activations dropped changes the logits");
            assertClose(plain, model.teacherForcedLogits(step, ids, keep, decoder).toFloatArray(), 0f);
        }
    }

    /** The mask of one unpadded row of {@link #INPUT}. */
    private static ai.djl.ndarray.NDArray wholeInputMask(ai.djl.ndarray.NDManager step) {
        float[] mask = new float[INPUT.length];
        java.util.Arrays.fill(mask, 1);
        return step.create(mask, new ai.djl.ndarray.types.Shape(1, INPUT.length));
    }

    /** A sampled softmax's logits are the whole vocabulary's at those ids, with the output layer tied or not. */
    @Test
    void logitsForSomeIdsAreTheWholeVocabularysAtThoseIds() throws IOException {
        long[] some = {32000, 5, 1820, 1, 71};
        for (boolean tied : new boolean[] {false, true}) {
            try (T5Model model = tied
                    ? T5Model.loadForTraining(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32, true)
                    : T5Model.load(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32);
                 ai.djl.ndarray.NDManager step = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                ai.djl.ndarray.NDArray ids = step.create(INPUT, new ai.djl.ndarray.types.Shape(1, INPUT.length));
                ai.djl.ndarray.NDArray keep = wholeInputMask(step);
                ai.djl.ndarray.NDArray decoder = step.create(new long[] {0, 71}, new ai.djl.ndarray.types.Shape(1, 2));
                float[] all = model.teacherForcedLogits(step, ids, keep, decoder).toFloatArray();
                float[] picked = model.teacherForcedLogits(step, ids, keep, decoder, 0f, step.create(some))
                        .toFloatArray();
                assertEquals(2 * some.length, picked.length);
                int vocab = all.length / 2;
                for (int t = 0; t < 2; t++) {
                    for (int i = 0; i < some.length; i++) {
                        assertEquals(all[t * vocab + (int) some[i]], picked[t * some.length + i], 1e-5f,
                                (tied ? "tied" : "answer-time") + " output layer, position " + t + ", id " + some[i]);
                    }
                }
            }
        }
    }

    @Test
    void logProbabilitiesAreADistributionOverTheWholeVocabulary() throws IOException {
        try (T5Model model = T5Model.load(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32);
             T5Model.Decoding d = model.start(INPUT)) {
            float[] p = d.step(null, new int[] {0})[0];
            assertEquals(32128, p.length);
            double sum = 0;
            for (float v : p) {
                assertTrue(Float.isFinite(v));
                sum += Math.exp(v);
            }
            assertEquals(1.0, sum, 1e-3);
            assertEquals(1, d.length());
        }
    }

    @Test
    void t5V11GatedGeluWithItsOwnOutputLayerRuns(@TempDir Path dir) throws IOException {
        T5Config v11 = new T5Config(32128, 32, 8, 48, 1, 2, 4, 32, 128, 1e-6, true, false, 0, 1);
        RandomT5Checkpoint.write(dir, TinyT5.tokenizerJson(), v11, 3);
        assertEquals(v11, T5Config.read(dir.resolve("config.json")));
        try (T5Model model = T5Model.load(dir, Device.cpu(), T5Precision.FP32);
             T5Model.Decoding d = model.start(INPUT)) {
            float[] p = d.step(null, new int[] {0})[0];
            assertTrue(Float.isFinite(p[5]));
        }
    }

    @Test
    void fp16AndMixedAgreeWithFp32() throws IOException {
        float[] full = firstStep(T5Precision.FP32);
        for (T5Precision precision : new T5Precision[] {T5Precision.FP16, T5Precision.MIXED}) {
            float[] half = firstStep(precision);
            assertArrayEquals(likeliest(full, 5), likeliest(half, 5),
                    precision.name());
            assertClose(full, half, 0.05f);
        }
    }

    private static int[] likeliest(float[] scores, int n) {
        TokenRanking ranking = new TokenRanking(scores, scores.length);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = ranking.nextInt();
        }
        return tokens;
    }

    private static float[] firstStep(T5Precision precision) throws IOException {
        try (T5Model model = T5Model.load(TinyT5.checkpoint(), Device.cpu(), precision);
             T5Model.Decoding d = model.start(INPUT)) {
            assertEquals(precision.dataType(), model.dataType());
            return d.step(null, new int[] {0})[0];
        }
    }

    @Test
    void weightsThatDoNotMatchTheConfigAreRefused(@TempDir Path dir) throws IOException {
        Files.copy(TinyT5.checkpoint().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.copy(TinyT5.checkpoint().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), RandomT5Checkpoint.tiny(2, 64).toJson());
        IOException e = assertThrows(IOException.class, () -> T5Model.load(dir, Device.cpu(), T5Precision.FP32));
        assertTrue(e.getMessage().contains("shared.weight has shape"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), RandomT5Checkpoint.tiny(3, 32).toJson());
        e = assertThrows(IOException.class, () -> T5Model.load(dir, Device.cpu(), T5Precision.FP32));
        assertTrue(e.getMessage().contains("encoder.block.2"), e.getMessage());
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError("index " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
