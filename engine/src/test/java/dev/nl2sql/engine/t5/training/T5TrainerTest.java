package dev.nl2sql.engine.t5.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import dev.nl2sql.engine.t5.T5AdapterCard;
import dev.nl2sql.engine.t5.TinyT5;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training runs on the tiny random T5: the loss falls, the best weights and their card are kept, runs resume. */
class T5TrainerTest {

    private static T5TrainingSettings.Builder quick() {
        return T5TrainingSettings.fullFineTuning().device("cpu").batchSize(4).warmupSteps(2).learningRate(1e-2)
                .maxInputTokens(128).maxTargetTokens(32).checkpointEvery(1000);
    }

    @Test
    void aFewStepsOfFullFineTuningMakeTheLossFall(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        List<Double> losses = new ArrayList<>();
        T5TrainingResult result = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, dir.resolve("out"),
                "test-db", false), quick().epochs(6).build(), null, new TrainingListener() {
                    @Override
                    public void onStep(Progress progress) {
                        losses.add(progress.loss());
                    }
                });
        assertEquals(12, result.steps(), "8 pairs in batches of 4, 6 epochs");
        assertEquals(12, losses.size());
        double first = (losses.get(0) + losses.get(1)) / 2;
        double last = (losses.get(10) + losses.get(11)) / 2;
        // from about ln(32128) = 10.4 (a random model) the loss falls on pairs it sees again: 1.6 nats with this seed
        assertTrue(last < first - 1.0, "loss " + losses);
        assertEquals(6, result.evaluations().size());
        assertTrue(result.evaluations().get(5).validationLoss() < result.evaluations().get(0).validationLoss(),
                result.evaluations().toString());
        Path out = dir.resolve("out");
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("config.json")));
        T5AdapterCard card = T5AdapterCard.read(out.resolve(T5AdapterCard.FULL_CARD));
        assertEquals("full", card.kind());
        assertEquals(8, card.trainPairs());
        assertEquals(2, card.validationPairs());
        assertEquals("test-db", card.databaseFingerprint());
        assertEquals(result.bestEpoch(), card.bestEpoch());
        assertEquals(6, card.epochs().size());
        assertTrue(card.tokensPerSecond() > 0);
    }

    /** The sampled softmax trains the model for the whole vocabulary: validation loss over all 32k tokens falls. */
    @Test
    void aSampledSoftmaxLowersTheWholeVocabularysValidationLoss(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        T5TrainingResult result = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, dir.resolve("out"),
                "test-db", false), quick().epochs(6).negatives(256).build(), null, new TrainingListener() { });
        List<T5AdapterCard.Epoch> evaluations = result.evaluations();
        assertEquals(6, evaluations.size());
        // the random model starts near ln(32128) = 10.4 over the whole vocabulary
        assertTrue(evaluations.get(5).validationLoss() < evaluations.get(0).validationLoss() - 1.0,
                evaluations.toString());
    }

    @Test
    void theScorersAccuracyChoosesTheKeptEpochAndStopsEarly(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        List<Path> scored = new ArrayList<>();
        // accuracy peaks at epoch 2 and then falls: patience 2 stops after epoch 4, and epoch 2 is kept
        double[] accuracy = {0.1, 0.5, 0.3, 0.2, 0.9, 0.9};
        T5TrainingResult result = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, dir.resolve("out"),
                "db", false), T5TrainingSettings.lora().device("cpu").batchSize(8).epochs(6).patience(2)
                .maxInputTokens(128).maxTargetTokens(32).build(), (weights, epoch) -> {
                    assertTrue(Files.isRegularFile(weights.resolve(T5AdapterCard.LORA_WEIGHTS)));
                    scored.add(weights);
                    return accuracy[epoch - 1];
                }, null);
        assertEquals(T5TrainingResult.Stop.EARLY_STOPPING, result.stop());
        assertEquals(4, scored.size());
        assertEquals(2, result.bestEpoch());
        T5AdapterCard card = T5AdapterCard.read(dir.resolve("out").resolve(T5AdapterCard.LORA_CARD));
        assertEquals(2, card.bestEpoch());
        assertEquals(4, card.epochs().size(), "the kept card has every evaluation's figures");
        assertEquals(0.5, card.epochs().get(1).validationAccuracy());
        assertEquals(List.of("q", "k", "v", "o"), card.targets());
        assertFalse(Files.exists(dir.resolve("out").resolve("epochs").resolve("epoch-3")));
    }

    @Test
    void scoringEveryFewEpochsKeepsOnlyAScoredEpochAndTrainsWithItsOwnThreads(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        List<Integer> scoredEpochs = new ArrayList<>();
        List<Integer> threadsPerStep = new ArrayList<>();
        // epoch 3 would win on validation loss alone; it is not scored, so it cannot be kept
        double[] accuracy = {0, 0.4, 0, 0.6, 0.2};
        T5TrainingResult result = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, dir.resolve("out"),
                "db", false), quick().epochs(5).scoreEvery(2).threads(2).build(), (weights, epoch) -> {
                    scoredEpochs.add(epoch);
                    JniUtils.setNumThreads(1); // what loading the scored model for answering does
                    return accuracy[epoch - 1];
                }, new TrainingListener() {
                    @Override
                    public void onStep(Progress progress) {
                        threadsPerStep.add(JniUtils.getNumThreads());
                    }
                });
        assertEquals(List.of(2, 4, 5), scoredEpochs, "every second epoch and the last");
        assertEquals(4, result.bestEpoch());
        assertEquals(5, result.evaluations().size(), "validation loss is still measured every epoch");
        assertEquals(null, result.evaluations().get(2).validationAccuracy());
        assertEquals(10, threadsPerStep.size());
        assertTrue(threadsPerStep.stream().allMatch(t -> t == 2), "training threads after scoring: " + threadsPerStep);
    }

    @Test
    void anInterruptedRunResumesFromItsCheckpointToTheSameWeights(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        T5TrainingSettings settings = quick().epochs(3).checkpointEvery(2).build();
        Path straight = dir.resolve("straight");
        T5TrainingResult whole = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, straight, "db", false),
                settings, null, null);
        assertEquals(6, whole.steps());

        Path broken = dir.resolve("broken");
        T5TrainingResult interrupted = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, broken, "db",
                false), settings, null, new TrainingListener() {
                    @Override
                    public void onStep(Progress progress) {
                        if (progress.step() == 3) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        assertTrue(Thread.interrupted(), "the interrupt is left set for the caller");
        assertEquals(T5TrainingResult.Stop.INTERRUPTED, interrupted.stop());
        assertEquals(3, interrupted.steps());
        assertTrue(Files.isRegularFile(broken.resolve("checkpoint").resolve("state-3.safetensors")));

        T5TrainingResult resumed = T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set, broken, "db", true),
                settings, null, null);
        assertEquals(6, resumed.steps());
        assertEquals(T5TrainingResult.Stop.EPOCHS, resumed.stop());
        assertEquals(3, resumed.evaluations().size(), "epoch 1's evaluation came from the first run");
        TrainingAssertions.assertSameTensors(straight.resolve("checkpoint").resolve("state-6.safetensors"),
                broken.resolve("checkpoint").resolve("state-6.safetensors"), 1e-5f);
    }

    @Test
    void userErrorsSayWhatToDo(@TempDir Path dir) throws Exception {
        Path set = TinyTrainingSet.write(dir.resolve("set"));
        T5TrainingSettings settings = quick().epochs(1).build();
        T5TrainingException e = assertThrows(T5TrainingException.class, () -> T5Trainer.run(new T5TrainingJob(
                dir.resolve("nowhere"), set, dir.resolve("out"), "db", false), settings, null, null));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        Files.createDirectories(dir.resolve("empty").resolve("t5"));
        Files.writeString(dir.resolve("empty").resolve("t5").resolve("train.jsonl"), "\n");
        e = assertThrows(T5TrainingException.class, () -> T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(),
                dir.resolve("empty"), dir.resolve("out"), "db", false), settings, null, null));
        assertTrue(e.getMessage().contains("holds no pairs"), e.getMessage());

        e = assertThrows(T5TrainingException.class, () -> T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(),
                dir.resolve("missing"), dir.resolve("out"), "db", false), settings, null, null));
        assertTrue(e.getMessage().contains("no training set"), e.getMessage());

        e = assertThrows(T5TrainingException.class, () -> T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set,
                dir.resolve("fresh"), "db", true), settings, null, null));
        assertTrue(e.getMessage().contains("no checkpoint to resume"), e.getMessage());

        Files.writeString(dir.resolve("a-file"), "x");
        e = assertThrows(T5TrainingException.class, () -> T5Trainer.run(new T5TrainingJob(TinyT5.checkpoint(), set,
                dir.resolve("a-file").resolve("out"), "db", false), settings, null, null));
        assertTrue(e.getMessage().contains("Cannot create the output folder"), e.getMessage());
    }
}
