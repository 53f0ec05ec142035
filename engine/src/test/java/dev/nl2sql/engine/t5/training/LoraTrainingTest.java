package dev.nl2sql.engine.t5.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.nl2sql.engine.t5.T5Model;
import dev.nl2sql.engine.t5.T5Precision;
import dev.nl2sql.engine.t5.TinyT5;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA trains the adapters alone; in mixed precision (fp16 base) too, as far as PyTorch's CPU runs fp16. */
class LoraTrainingTest {

    private static final List<TrainingPair> PAIRS = List.of(
            new TrainingPair(new long[] {363, 186, 7634, 7, 58, 1}, new long[] {71, 5023, 1820, 1}),
            new TrainingPair(new long[] {363, 186, 1}, new long[] {71, 1}));

    @Test
    void loraLeavesTheBaseWeightsUnchangedAndChangesOnlyItsAdapters() throws Exception {
        try (T5Model model = T5Model.loadForTraining(TinyT5.checkpoint(), Device.cpu(), T5Precision.FP32, false);
             NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            List<T5Model.Parameter> lora = model.attachLora(4, 8, Set.of("q", "v"), 1);
            // self-attention q and v in 2 encoder and 2 decoder blocks, cross-attention q and v in 2: A and B each
            assertEquals((2 * 2 + 2 * 2 + 2 * 2) * 2, lora.size());
            List<float[]> base = values(model.checkpointTensors(manager));
            List<float[]> adapters = new ArrayList<>();
            for (T5Model.Parameter p : lora) {
                adapters.add(p.array().toFloatArray());
            }
            AdamW optimizer = new AdamW(lora, 0, manager);
            int arrays = manager.getManagedArrays().size();
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 5; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray loss = new TrainingBatch(PAIRS, 0).loss(model, scope, 0, 0);
                        last = loss.getFloat();
                        first = step == 0 ? last : first;
                        collector.backward(loss);
                    }
                    NDArray[] gradients = new NDArray[lora.size()];
                    for (int i = 0; i < gradients.length; i++) {
                        gradients[i] = lora.get(i).array().getGradient();
                        gradients[i].attach(scope);
                    }
                    optimizer.update(gradients, 1e-2, scope);
                    for (NDArray g : gradients) {
                        g.subi(g);
                    }
                }
            }
            assertTrue(last < first, "loss " + first + " -> " + last);
            // what a step computes dies with its scope: a leak of a few arrays a step ran a long run out of memory
            assertEquals(arrays, manager.getManagedArrays().size());
            List<float[]> baseAfter = values(model.checkpointTensors(manager));
            for (int i = 0; i < base.size(); i++) {
                assertArrayEquals(base.get(i), baseAfter.get(i), "base tensor " + i + " is frozen");
            }
            for (int i = 0; i < lora.size(); i++) {
                assertFalse(Arrays.equals(adapters.get(i), lora.get(i).array().toFloatArray()),
                        lora.get(i).name() + " was trained");
            }
        }
    }

    /**
     * fp16 base weights with fp32 adapters and dynamic loss scaling, on the CPU (PyTorch runs fp16 there, slowly): the
     * steps are taken, not all skipped as overflowing, and the loss stays finite and falls.
     */
    @Test
    void mixedPrecisionLoraTrainsOnTheCpu(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        List<Double> losses = new ArrayList<>();
        T5TrainingResult result = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, dir.resolve("out"),
                "db", false), T5TrainingSettings.lora().device("cpu").precision("mixed").batchSize(8).epochs(4)
                .learningRate(1e-2).warmupSteps(0).maxInputTokens(128).maxTargetTokens(32).build(), null,
                new TrainingListener() {
                    @Override
                    public void onStep(Progress progress) {
                        losses.add(progress.loss());
                    }
                });
        assertEquals(4, result.steps());
        for (double loss : losses) {
            assertTrue(Double.isFinite(loss), losses.toString());
        }
        assertTrue(losses.get(3) < losses.get(0), losses.toString());
    }

    private static List<float[]> values(NDList tensors) {
        List<float[]> out = new ArrayList<>();
        for (NDArray a : tensors) {
            out.add(a.toFloatArray());
        }
        return out;
    }
}
