package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.EngineSettingsBuilder;
import dev.nl2sql.engine.t5.training.TrainedWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained weights at answer time: a LoRA adapter merged at load (nl2sql.adapter) and a fully fine-tuned checkpoint
 * answer exactly as the training model did; an adapter for another checkpoint or a damaged file is a clear error.
 */
class T5AdapterTest {

    private static final long[] INPUT = {363, 186, 7634, 7, 58, 1820, 4219, 834, 7, 9963, 1};

    @Test
    void aSavedAdapterReloadsThroughNl2sqlAdapterToTheTrainingModelsOutputs(@TempDir Path dir) throws Exception {
        Path adapter = dir.resolve("adapter");
        float[][] trained;
        try (T5Model model = T5Model.loadForTraining(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32, false)) {
            List<T5Model.Parameter> lora = model.attachLora(4, 8, Set.of("q", "k", "v", "o"), 3);
            perturb(lora, 0.3f);
            trained = twoSteps(model);
            TrainedWeights.write(model, TinyT5.checkpoint(), adapter, card(TinyT5.checkpoint(), 4, 8));
        }
        float[][] base;
        try (T5Model model = T5Model.load(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32)) {
            base = twoSteps(model);
        }
        try (T5SqlGenerator generator = T5Models.load(TinyT5.checkpoint(), settings(adapter.toString()))) {
            float[][] merged = twoSteps(generator.model());
            for (int i = 0; i < merged.length; i++) {
                assertClose(trained[i], merged[i], 1e-4f);
            }
            assertTrue(maxDifference(base[1], merged[1]) > 1e-2, "the adapter changes the model");
        }
        // the card's or the weights' path names the same adapter as its folder
        try (T5SqlGenerator generator = T5Models.load(TinyT5.checkpoint(),
                settings(adapter.resolve(T5AdapterCard.LORA_WEIGHTS).toString()))) {
            assertClose(trained[1], twoSteps(generator.model())[1], 1e-4f);
        }
    }

    @Test
    void aFullyFineTunedCheckpointReloadsToTheTrainingModelsOutputs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("full");
        float[][] trained;
        try (T5Model model = T5Model.loadForTraining(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32, true)) {
            perturb(model.trainableParameters(), 0.02f);
            trained = twoSteps(model);
            TrainedWeights.write(model, TinyT5.checkpoint(), out, new T5AdapterCard("full", "tiny", "x", 0, 0,
                    List.of(), "fp32", "db", 1, 1, 1, 1, 1, List.of()));
        }
        try (T5Model reloaded = T5Model.load(out, Device.cpu(), T5Precision.FP32)) {
            float[][] again = twoSteps(reloaded);
            for (int i = 0; i < again.length; i++) {
                assertClose(trained[i], again[i], 1e-4f);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve(T5AdapterCard.FULL_CARD)));
    }

    @Test
    void anAdapterForAnotherCheckpointOrADamagedOneIsAClearError(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("other");
        RandomT5Checkpoint.write(other, TinyT5.tokenizerJson(), RandomT5Checkpoint.tiny(2, 32), 99);
        Path adapter = dir.resolve("adapter");
        try (T5Model model = T5Model.loadForTraining(other, Device.cpu(), T5Precision.FP32, false)) {
            perturb(model.attachLora(2, 4, Set.of("q", "v"), 1), 0.1f);
            TrainedWeights.write(model, other, adapter, card(other, 2, 4));
        }
        SQLException e = assertThrows(SQLException.class,
                () -> T5Models.load(TinyT5.checkpoint(), settings(adapter.toString())));
        assertEquals("HY000", e.getSQLState());
        assertTrue(e.getMessage().contains("was trained on the checkpoint other"), e.getMessage());

        // the right checkpoint loads it; a damaged copy of its weights does not
        T5Models.load(other, settings(adapter.toString())).close();
        Path weights = adapter.resolve(T5AdapterCard.LORA_WEIGHTS);
        byte[] whole = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(whole, whole.length - 100));
        e = assertThrows(SQLException.class, () -> T5Models.load(other, settings(adapter.toString())));
        assertEquals("HY000", e.getSQLState());
        assertTrue(e.getMessage().contains("damaged or incomplete"), e.getMessage());

        // a card whose rank does not fit the tensors
        Files.write(weights, whole);
        card(other, 3, 4).write(adapter.resolve(T5AdapterCard.LORA_CARD));
        e = assertThrows(SQLException.class, () -> T5Models.load(other, settings(adapter.toString())));
        assertTrue(e.getMessage().contains("do not fit its weight"), e.getMessage());

        e = assertThrows(SQLException.class,
                () -> T5Models.load(other, settings(dir.resolve("nowhere").toString())));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.delete(adapter.resolve(T5AdapterCard.LORA_CARD));
        e = assertThrows(SQLException.class, () -> T5Models.load(other, settings(adapter.toString())));
        assertTrue(e.getMessage().contains("does not hold adapter.json"), e.getMessage());
    }

    private static T5AdapterCard card(Path checkpoint, int rank, double alpha) throws IOException {
        return new T5AdapterCard("lora", checkpoint.getFileName().toString(), T5CheckpointFingerprint.of(checkpoint),
                rank, alpha, List.of("q", "k", "v", "o"), "fp32", "db", 1, 1, 1, 1, 1, List.of());
    }

    private static EngineSettings settings(String adapter) {
        return EngineSettingsBuilder.engine("t5").model(TinyT5.checkpoint().toString()).contextSize(512)
                .maxTokens(64).schemaPromptChars(6000)
                .t5(new EngineSettings.T5(2, 2, "cpu", "fp32", 512, adapter)).build();
    }

    /** What training would do to the trainable arrays: random changes, in place. */
    private static void perturb(List<T5Model.Parameter> parameters, float std) {
        Random random = new Random(5);
        for (T5Model.Parameter p : parameters) {
            NDArray data = p.array().stopGradient();
            float[] noise = new float[(int) data.size()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) random.nextGaussian() * std;
            }
            data.addi(data.getManager().create(noise, data.getShape()));
            data.close();
        }
    }

    private static float[][] twoSteps(T5Model model) {
        try (T5Model.Decoding d = model.start(INPUT)) {
            return new float[][] {d.step(null, new int[] {0})[0], d.step(new int[] {0}, new int[] {100})[0]};
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                throw new AssertionError("index " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
