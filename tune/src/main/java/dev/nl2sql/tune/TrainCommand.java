package dev.nl2sql.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.t5.T5AdapterCard;
import dev.nl2sql.engine.t5.training.T5Trainer;
import dev.nl2sql.engine.t5.training.T5TrainingException;
import dev.nl2sql.engine.t5.training.T5TrainingJob;
import dev.nl2sql.engine.t5.training.T5TrainingResult;
import dev.nl2sql.engine.t5.training.T5TrainingSettings;
import dev.nl2sql.engine.t5.training.TrainingListener;
import dev.nl2sql.engine.tuning.TrainingSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code train}: the whole loop in one command. Writes the database's training set (or takes one written by
 * {@code pairs}), trains a LoRA adapter on a T5 checkpoint (or all its weights), scores validation execution accuracy
 * through {@code jdbc:nl2sql:} after each epoch, keeps the best, and says how to use it. Ctrl+C stops at the next
 * step with a checkpoint; {@code --resume} goes on from it.
 */
@Command(name = "train", description = "Fine-tune a T5 checkpoint on a database: LoRA (default) or full "
        + "fine-tuning, validation execution accuracy through the driver after each epoch, resumable.")
final class TrainCommand implements Callable<Integer> {

    private static final int PROGRESS_EVERY_STEPS = 10;

    @ParentCommand
    TuneCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    PairOptions pairs;

    @Option(names = "--base", required = true, paramLabel = "DIR",
            description = "the T5 checkpoint to start from (config.json, tokenizer.json, model.safetensors)")
    Path base;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "where the adapter (or the weights), its card, the loss curve and checkpoints go")
    Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "a training set written by pairs (default: written now into OUT/data)")
    Path data;

    @Option(names = "--full", description = "train every weight instead of a LoRA adapter (small checkpoints)")
    boolean full;

    @Option(names = "--rank", paramLabel = "R", defaultValue = "8", description = "LoRA rank (default ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--alpha", paramLabel = "A", description = "LoRA alpha (default twice the rank)")
    Double alpha;

    @Option(names = "--targets", paramLabel = "LIST", split = ",", description = "LoRA targets among q, k, v, o "
            + "(self- and cross-attention; default all four)")
    List<String> targets;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "most epochs "
            + "(default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0",
            description = "most optimizer steps (default: no limit)")
    long maxSteps;

    @Option(names = "--minutes", paramLabel = "M", description = "training time budget in minutes (default: none)")
    Double minutes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--accumulate", paramLabel = "N", defaultValue = "1",
            description = "batches per optimizer step (default ${DEFAULT-VALUE})")
    int accumulate;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate (default 5e-4 LoRA, 1e-3 full)")
    Double learningRate;

    @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "20",
            description = "learning-rate warm-up steps (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "linear",
            description = "decay after the warm-up, to zero at the last planned step or the end of --minutes, "
                    + "whichever comes first: linear, cosine or constant (default ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--dropout", paramLabel = "RATE", defaultValue = "0.1",
            description = "share of activations dropped while training, 0 to 0.9 (default ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "epochs without improvement before stopping (default ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "100",
            description = "steps between resumable checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--resume", description = "go on from the checkpoint in OUT (and its training set)")
    boolean resume;

    @Option(names = "--device", paramLabel = "NAME", defaultValue = "auto",
            description = "auto, cpu or gpu (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--precision", paramLabel = "NAME", defaultValue = "fp32",
            description = "fp32, fp16 or mixed (LoRA on a GPU; default ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--max-input-tokens", paramLabel = "N", defaultValue = "512",
            description = "inputs are cut there, as at answer time (default ${DEFAULT-VALUE})")
    int maxInputTokens;

    @Option(names = "--max-target-tokens", paramLabel = "N", defaultValue = "128",
            description = "targets are cut there (default ${DEFAULT-VALUE})")
    int maxTargetTokens;

    @Option(names = "--score", paramLabel = "WHEN", defaultValue = "epochs",
            description = "validation execution accuracy through the driver: epochs (before training and after "
                    + "each epoch, and the best is kept), end (before and after training only), none (judge by "
                    + "validation loss) "
                    + "(default ${DEFAULT-VALUE})")
    String score;

    @Option(names = "--score-every", paramLabel = "N", defaultValue = "1",
            description = "with --score epochs: score every Nth epoch and the last (the others are judged by "
                    + "validation loss and cannot be kept), so that scoring takes less of a time budget "
                    + "(default ${DEFAULT-VALUE})")
    int scoreEvery;

    @Option(names = "--sampled-softmax", paramLabel = "N", defaultValue = "0",
            description = "train the output layer on the tokens of the training targets and N others drawn each "
                    + "step instead of the whole vocabulary: faster for a small model, whose output layer is most "
                    + "of its cost; validation and answers use the whole vocabulary (0: the whole vocabulary; "
                    + "default ${DEFAULT-VALUE})")
    int sampledSoftmax;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch's threads while training (default: every processor; scoring uses nl2sql.threads)")
    Integer threads;

    @Option(names = "--beams", paramLabel = "N", defaultValue = "4",
            description = "beams when scoring (nl2sql.beams; default ${DEFAULT-VALUE})")
    int beams;

    @Override
    public Integer call() throws SQLException, IOException {
        database.check(spec);
        if (!List.of("epochs", "end", "none").contains(score)) {
            throw new ParameterException(spec.commandLine(), "--score is epochs, end or none, not " + score);
        }
        T5TrainingSettings settings = settings();
        Path set = trainingSet();
        List<ExecutionAccuracy.Question> questions = ExecutionAccuracy.read(set);
        ExecutionAccuracy accuracy = new ExecutionAccuracy(database, base, full, questions, Map.of(
                "nl2sql.device", device, "nl2sql.beams", Integer.toString(beams),
                "nl2sql.maxInputTokens", Integer.toString(maxInputTokens),
                "nl2sql.maxTokens", Integer.toString(maxTargetTokens)));
        Map<String, Object> report = new LinkedHashMap<>();
        if (!score.equals("none") && !resume) {
            double before = accuracy.measure(base, null);
            report.put("accuracy_before", before);
            cli.out.printf(Locale.ROOT, "validation execution accuracy of %s before training: %.3f (%d questions)%n",
                    base.getFileName(), before, accuracy.size());
        }
        List<String> curve = new ArrayList<>(List.of("step,epoch,loss,learning_rate,tokens_per_second,seconds"));
        T5TrainingResult result = train(set, settings, score.equals("epochs") ? accuracy : null, curve);
        Files.write(out.resolve("loss.csv"), curve, StandardCharsets.UTF_8);
        if (score.equals("end") && result.bestEpoch() > 0) {
            double after = full ? accuracy.measure(out, null) : accuracy.measure(base, out);
            report.put("accuracy_after", after);
            cli.out.printf(Locale.ROOT, "validation execution accuracy with the kept weights: %.3f%n", after);
        }
        if (score.equals("epochs")) {
            result.evaluations().stream().filter(e -> e.epoch() == result.bestEpoch()
                    && e.validationAccuracy() != null).findFirst().ifPresent(kept -> {
                        report.put("accuracy_after", kept.validationAccuracy());
                        report.put("kept_epoch", kept.epoch());
                        cli.out.printf(Locale.ROOT, "validation execution accuracy of the kept epoch %d: %.3f%n",
                                kept.epoch(), kept.validationAccuracy());
                    });
        }
        cli.out.printf(Locale.ROOT, "%d steps, %.0f training tokens/s, stopped: %s; kept epoch %d%n",
                result.steps(), result.tokensPerSecond(), result.stop().name().toLowerCase(Locale.ROOT),
                result.bestEpoch());
        if (!report.isEmpty()) {
            Files.writeString(out.resolve("accuracy.json"),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        if (result.bestEpoch() == 0) {
            cli.err.println("No epoch finished: nothing was kept yet. Run again with --resume to go on.");
            return TuneCli.FAILED;
        }
        cli.out.println(full
                ? "Use it: -Dnl2sql.engine=t5 -Dnl2sql.model=" + out.toAbsolutePath()
                : "Use it: -Dnl2sql.engine=t5 -Dnl2sql.model=" + base.toAbsolutePath() + " -Dnl2sql.adapter="
                        + out.toAbsolutePath());
        return TuneCli.OK;
    }

    private T5TrainingSettings settings() {
        try {
            T5TrainingSettings.Builder b = full ? T5TrainingSettings.fullFineTuning()
                    : T5TrainingSettings.lora().rank(rank).alpha(alpha != null ? alpha : 2.0 * rank);
            if (targets != null) {
                b.targets(targets);
            }
            if (learningRate != null) {
                b.learningRate(learningRate);
            }
            if (threads != null) {
                b.threads(threads);
            }
            if (minutes != null) {
                if (!(minutes > 0)) {
                    throw new IllegalArgumentException("--minutes must be positive");
                }
                b.timeBudget(Duration.ofMillis((long) (minutes * 60_000)));
            }
            return b.epochs(epochs).maxSteps(maxSteps).batchSize(batch).accumulation(accumulate)
                    .warmupSteps(warmup).dropout(dropout)
                    .schedule(T5TrainingSettings.Schedule.valueOf(schedule.toUpperCase(Locale.ROOT)))
                    .patience(patience).checkpointEvery(checkpointEvery).seed(pairs.seed).device(device)
                    .scoreEvery(scoreEvery).negatives(sampledSoftmax)
                    .precision(precision).maxInputTokens(maxInputTokens).maxTargetTokens(maxTargetTokens).build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() != null && e.getMessage().startsWith("No enum constant")
                    ? "--schedule is linear, cosine or constant, not " + schedule : e.getMessage();
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** The training set: the one given, the one a resumed run wrote, or a new one written from the database. */
    private Path trainingSet() throws SQLException, IOException {
        if (data != null) {
            if (!Files.isRegularFile(data.resolve("t5").resolve("train.jsonl"))) {
                throw new IOException("--data " + data + " holds no t5/train.jsonl: give a folder written by "
                        + "the pairs command, or leave --data out to write one now.");
            }
            return data;
        }
        Path written = out.resolve("data");
        if (resume && Files.isRegularFile(written.resolve("t5").resolve("train.jsonl"))) {
            return written;
        }
        long started = System.nanoTime();
        TrainingSet set = pairs.write(spec, database, written);
        cli.out.println(PairsCommand.summary(set, System.nanoTime() - started, written));
        return written;
    }

    private T5TrainingResult train(Path set, T5TrainingSettings settings, ExecutionAccuracy scorer, List<String> curve)
            throws IOException {
        long started = System.nanoTime();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(Progress p) {
                double seconds = (System.nanoTime() - started) / 1e9;
                curve.add(String.format(Locale.ROOT, "%d,%d,%.5f,%.3e,%.1f,%.1f", p.step(), p.epoch(), p.loss(),
                        p.learningRate(), p.tokensPerSecond(), seconds));
                if (p.step() == 1 || p.step() % PROGRESS_EVERY_STEPS == 0) {
                    cli.err.println(p);
                }
            }

            @Override
            public void onEvaluation(T5AdapterCard.Epoch e) {
                cli.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, validation loss %.4f, accuracy %s%n",
                        e.epoch(), e.trainLoss(), e.validationLoss(), e.validationAccuracy() == null ? "-"
                                : String.format(Locale.ROOT, "%.3f", e.validationAccuracy()));
            }
        };
        T5TrainingJob job = new T5TrainingJob(base, set, out, fingerprint(set), resume);
        // Ctrl+C: the trainer stops at its next step and writes a checkpoint before the JVM goes
        Thread trainer = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            trainer.interrupt();
            try {
                done.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nl2sql-tune-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return T5Trainer.run(job, settings, scorer, listener);
        } catch (T5TrainingException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // the JVM is already going down: the hook is running
            }
        }
    }

    /** The database the set was written from, for the card: its schema fingerprint and id. */
    private static String fingerprint(Path set) throws IOException {
        Path card = set.resolve("dataset.json");
        if (!Files.isRegularFile(card)) {
            return "unknown";
        }
        JsonNode node = new ObjectMapper().readTree(card.toFile());
        return node.path("db_id").asText("db") + ":" + node.path("schema_fingerprint").asText("");
    }
}
