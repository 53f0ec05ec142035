package dev.nl2sql.engine.t5.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.t5.PyTorchThreads;
import dev.nl2sql.engine.t5.T5AdapterCard;
import dev.nl2sql.engine.t5.T5CheckpointFingerprint;
import dev.nl2sql.engine.t5.T5Model;
import dev.nl2sql.engine.t5.T5Precision;
import dev.nl2sql.engine.t5.T5Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a T5 checkpoint on a training set: LoRA adapters on the attention projections with the base frozen, or
 * every weight for small checkpoints. Teacher-forced batches through {@link T5Model}'s own forward pass, gradients
 * from DJL's autograd, {@link AdamW} with gradient accumulation, norm clipping and a warm-up-then-decay schedule; in
 * mixed precision (fp16 base, fp32 adapters), dynamic loss scaling. After every epoch: the validation loss, the
 * caller's execution accuracy for the weights of that epoch, early stopping, and the best weights kept in the output
 * folder with their card. A resumable checkpoint every few steps, and when interrupted.
 *
 * <p>Dropout (0.1 by default, as T5 fine-tunes) is applied in training passes only. Not implemented: activation
 * checkpointing (DJL has no way to recompute a segment in the backward pass).
 */
public final class T5Trainer {

    private static final Logger log = LoggerFactory.getLogger(T5Trainer.class);
    private static final String ENGINE = "PyTorch";
    static final String CHECKPOINT_DIR = "checkpoint";
    static final String STATE = "state.json";
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final T5TrainingJob job;
    private final T5TrainingSettings settings;
    private final ValidationScorer scorer;
    private final TrainingListener listener;
    private final ObjectMapper json = new ObjectMapper();

    private T5Model model;
    private NDManager manager;
    private AdamW optimizer;
    private LossScaler scaler;
    private T5TrainingData data;
    /** The sampled softmax's vocabulary, or null for the whole vocabulary. */
    private OutputVocabulary outputVocabulary;
    private String baseFingerprint;
    private TrainingState state;

    private T5Trainer(T5TrainingJob job, T5TrainingSettings settings, ValidationScorer scorer,
            TrainingListener listener) {
        this.job = job;
        this.settings = settings;
        this.scorer = scorer;
        this.listener = listener == null ? new TrainingListener() { } : listener;
    }

    /**
     * Trains, and returns what the run did. An interrupt of the calling thread stops it at the next step with a
     * checkpoint (the interrupt flag stays set).
     *
     * @param scorer   the validation execution accuracy for an evaluation's weights; null to judge by loss alone
     * @param listener progress, or null
     */
    public static T5TrainingResult run(T5TrainingJob job, T5TrainingSettings settings, ValidationScorer scorer,
            TrainingListener listener) throws T5TrainingException {
        T5Trainer trainer = new T5Trainer(job, settings, scorer, listener);
        try {
            return trainer.train();
        } finally {
            trainer.close();
        }
    }

    private T5TrainingResult train() throws T5TrainingException {
        checkCheckpoint(job.checkpoint());
        Path output = job.output();
        try {
            Files.createDirectories(output.resolve(CHECKPOINT_DIR));
        } catch (IOException e) {
            throw new T5TrainingException("Cannot create the output folder " + output + ": " + e
                    + ". Choose a folder you can write to.", e);
        }
        Device device = device(settings.device());
        T5Precision precision = T5Precision.parse(settings.precision());
        boolean mixed = precision != T5Precision.FP32;
        PyTorchThreads.applyIntraOp(settings.threads());
        try {
            baseFingerprint = T5CheckpointFingerprint.of(job.checkpoint());
            model = T5Model.loadForTraining(job.checkpoint(), device, precision, settings.full());
        } catch (IOException | RuntimeException e) {
            throw new T5TrainingException("The T5 checkpoint in " + job.checkpoint() + " cannot be loaded for "
                    + "training: " + e.getMessage() + ". Give a checkpoint directory with config.json, "
                    + "tokenizer.json and model.safetensors (models/README.md).", e);
        }
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(job.checkpoint().resolve("tokenizer.json")).optAddSpecialTokens(true)
                .optTruncation(false).build()) {
            data = T5TrainingData.read(job.trainingSet(), tokenizer, model.config().eosTokenId(),
                    settings.maxInputTokens(), settings.maxTargetTokens());
        } catch (IOException e) {
            throw new T5TrainingException("Cannot read " + job.checkpoint().resolve("tokenizer.json") + ": " + e, e);
        }
        outputVocabulary = OutputVocabulary.of(data.train(), model.config().vocabSize(), settings.negatives(),
                settings.seed());
        if (outputVocabulary != null) {
            log.info("Sampled softmax: the {} tokens of the training targets and {} others drawn each step, of {}",
                    outputVocabulary.targetTokens(), settings.negatives(), model.config().vocabSize());
        }
        List<T5Model.Parameter> parameters;
        try {
            parameters = settings.full() ? model.trainableParameters() : model.attachLora(settings.rank(),
                    (float) settings.alpha(), new HashSet<>(settings.targets()), settings.seed());
        } catch (IllegalArgumentException e) {
            throw new T5TrainingException(e.getMessage(), e);
        }
        manager = NDManager.newBaseManager(device, ENGINE);
        optimizer = new AdamW(parameters, settings.weightDecay(), manager);
        scaler = LossScaler.forPrecision(mixed);
        checkDiskSpace(parameters);
        state = job.resume() ? resume() : fresh();
        log.info("Training {} on {} pairs ({} validation): {} trainable parameters, {} on {}",
                settings.full() ? "every weight" : "LoRA rank " + settings.rank() + " on " + settings.targets(),
                data.train().size(), data.validation().size(), count(parameters), settings.precision(), device);
        return loop();
    }

    private TrainingState fresh() {
        return new TrainingState(null, 0, 1, 0, T5TrainingData.batches(data.train().size(), data.train(),
                settings.batchSize(), settings.seed(), 1), settings.seed(), data.train().size(), scaler.scale(), 0,
                0, 0, 0, 0, List.of(), 0, Double.NEGATIVE_INFINITY, 0);
    }

    private T5TrainingResult loop() throws T5TrainingException {
        int batchesPerEpoch = (data.train().size() + settings.batchSize() - 1) / settings.batchSize();
        long stepsPerEpoch = (batchesPerEpoch + settings.accumulation() - 1) / settings.accumulation();
        long total = stepsPerEpoch * settings.epochs();
        if (settings.maxSteps() > 0) {
            total = Math.min(total, settings.maxSteps());
        }
        LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate(), settings.warmupSteps(),
                total, settings.schedule());
        long runStarted = System.nanoTime();
        long lastLog = 0;
        double seconds = state.trainingSeconds();
        long tokens = state.tokens();
        long steps = state.steps();
        double epochLossSum = state.epochLossSum();
        int epochBatches = state.epochBatches();
        int epoch = state.epoch();
        int next = state.nextBatch();
        List<int[]> order = state.order();
        T5TrainingResult.Stop stop = null;
        boolean evaluated = false;
        while (epoch <= settings.epochs() && stop == null) {
            while (next < order.size()) {
                int group = Math.min(settings.accumulation(), order.size() - next);
                long started = System.nanoTime();
                double loss = 0;
                for (int g = 0; g < group; g++) {
                    TrainingBatch batch = batch(order.get(next + g));
                    if (settings.dropout() > 0) { // masks that depend on the step alone: a resumed run draws the same
                        Engine.getEngine(ENGINE).setRandomSeed(Long.hashCode(settings.seed() * 1_000_003L
                                + steps * 1_009L + g));
                    }
                    loss += forwardBackward(batch, group, steps * settings.accumulation() + g) / group;
                    tokens += batch.tokens();
                }
                double rate = settings.timeBudget() == null ? schedule.at(steps) : schedule.at(steps,
                        (double) (System.nanoTime() - runStarted) / settings.timeBudget().toNanos());
                applyGradients(rate);
                steps++;
                next += group;
                epochLossSum += loss;
                epochBatches++;
                seconds += (System.nanoTime() - started) / 1e9;
                double speed = tokens / Math.max(seconds, 1e-9);
                long ran = System.nanoTime() - runStarted; // this run's time, for the ETA and the budget
                long eta = (long) ((total - steps) * (seconds / Math.max(1, steps)));
                if (settings.timeBudget() != null) { // a time budget ends the run first when it is the shorter
                    long left = (settings.timeBudget().toNanos() - ran) / 1_000_000_000L;
                    eta = Math.max(0, Math.min(eta, left));
                }
                TrainingListener.Progress progress = new TrainingListener.Progress(steps, total, epoch, loss, rate,
                        speed, eta);
                listener.onStep(progress);
                if (System.nanoTime() - lastLog > LOG_EVERY_NANOS) {
                    log.info("{}", progress);
                    lastLog = System.nanoTime();
                }
                state = snapshot(steps, epoch, next, order, seconds, tokens, epochLossSum, epochBatches);
                boolean interrupted = Thread.currentThread().isInterrupted();
                boolean outOfTime = settings.timeBudget() != null && ran >= settings.timeBudget().toNanos();
                if (steps % settings.checkpointEvery() == 0 || interrupted || outOfTime) {
                    saveCheckpoint();
                }
                if (interrupted) {
                    log.info("Training interrupted at step {}; resume goes on from {}", steps,
                            job.output().resolve(CHECKPOINT_DIR));
                    return result(steps, seconds, tokens, T5TrainingResult.Stop.INTERRUPTED);
                }
                if (settings.maxSteps() > 0 && steps >= settings.maxSteps()) {
                    stop = T5TrainingResult.Stop.MAX_STEPS;
                    break;
                }
                if (outOfTime) {
                    stop = T5TrainingResult.Stop.TIME_BUDGET;
                    break;
                }
            }
            boolean last = stop != null || (epoch >= settings.epochs() && next >= order.size());
            boolean improved = evaluate(epoch, epochLossSum / Math.max(1, epochBatches), last);
            evaluated = true;
            if (!improved && state.sinceBest() >= settings.patience() && stop == null) {
                stop = T5TrainingResult.Stop.EARLY_STOPPING;
            }
            if (next >= order.size()) {
                epoch++;
                next = 0;
                epochLossSum = 0;
                epochBatches = 0;
                order = T5TrainingData.batches(data.train().size(), data.train(), settings.batchSize(),
                        settings.seed(), epoch);
            }
            state = snapshot(steps, epoch, next, order, seconds, tokens, epochLossSum, epochBatches);
            saveCheckpoint();
        }
        if (!evaluated && state.bestEpoch() == 0) {
            evaluate(Math.min(epoch, settings.epochs()), epochLossSum / Math.max(1, epochBatches), true);
        }
        return result(steps, seconds, tokens, stop == null ? T5TrainingResult.Stop.EPOCHS : stop);
    }

    private TrainingBatch batch(int[] indices) {
        List<TrainingPair> pairs = new ArrayList<>(indices.length);
        for (int i : indices) {
            pairs.add(data.train().get(i));
        }
        return new TrainingBatch(pairs, model.config().decoderStartTokenId());
    }

    /** One forward and backward pass; the gradients add to those of the group so far. Returns the batch's loss. */
    private double forwardBackward(TrainingBatch batch, int group, long draw) {
        try (NDManager step = manager.newSubManager();
             GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
            NDArray loss = batch.loss(model, step, settings.labelSmoothing(), settings.dropout(), outputVocabulary,
                    draw);
            float value = loss.getFloat();
            collector.backward(loss.mul(scaler.scale() / group));
            return value;
        }
    }

    /** Unscales, checks, clips and applies the gradients of the group, then clears them. */
    private void applyGradients(double rate) {
        List<T5Model.Parameter> parameters = optimizer.parameters();
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] raw = new NDArray[parameters.size()];
            NDArray[] gradients = new NDArray[parameters.size()];
            NDArray squares = null;
            for (int i = 0; i < raw.length; i++) {
                raw[i] = parameters.get(i).array().getGradient();
                raw[i].attach(scope);
                gradients[i] = raw[i].toType(DataType.FLOAT32, true);
                NDArray sum = gradients[i].square().sum();
                squares = squares == null ? sum : squares.add(sum);
            }
            double norm = Math.sqrt(squares.getFloat()) / scaler.scale();
            boolean finite = Double.isFinite(norm);
            if (scaler.update(finite)) {
                double clip = settings.clipNorm() > 0 && norm > settings.clipNorm() ? settings.clipNorm() / norm : 1;
                float factor = (float) (clip / scaler.scale());
                for (int i = 0; i < gradients.length; i++) {
                    gradients[i] = gradients[i].mul(factor);
                }
                optimizer.update(gradients, rate, scope);
            } else {
                log.debug("Step skipped: the gradients overflowed; loss scale now {}", scaler.scale());
            }
            for (NDArray g : raw) {
                g.set(new NDIndex("..."), 0);
            }
        }
    }

    /**
     * Validation loss, the scorer's accuracy (every {@code scoreEvery} epochs and at the last), and the best weights
     * kept. With a scorer, only scored epochs compete and count towards the patience. Returns whether this one is
     * the best.
     */
    private boolean evaluate(int epoch, double trainLoss, boolean last) throws T5TrainingException {
        double validationLoss = validationLoss();
        Path folder = job.output().resolve("epochs").resolve("epoch-" + epoch);
        List<T5AdapterCard.Epoch> evaluations = new ArrayList<>(state.evaluations());
        Double accuracy = null;
        try {
            Files.createDirectories(folder);
            T5AdapterCard.Epoch pending = new T5AdapterCard.Epoch(epoch, trainLoss, validationLoss, null);
            List<T5AdapterCard.Epoch> withThis = new ArrayList<>(evaluations);
            withThis.add(pending);
            writeWeights(folder, card(withThis, epoch));
            boolean scored = scorer != null && (last || epoch % settings.scoreEvery() == 0);
            if (scored) {
                try {
                    accuracy = scorer.score(folder, epoch);
                    PyTorchThreads.applyIntraOp(settings.threads()); // the scorer's load set the answering threads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new T5TrainingException("Interrupted while scoring epoch " + epoch, e);
                } catch (Exception e) {
                    throw new T5TrainingException("Scoring the validation set for epoch " + epoch + " failed: " + e
                            + ". The weights of that epoch are in " + folder + ".", e);
                }
            }
            T5AdapterCard.Epoch done = new T5AdapterCard.Epoch(epoch, trainLoss, validationLoss, accuracy);
            evaluations.add(done);
            listener.onEvaluation(done);
            double score = accuracy != null ? accuracy
                    : Double.isNaN(validationLoss) ? -trainLoss : -validationLoss;
            boolean competes = scorer == null || scored;
            boolean improved = competes && score > state.bestScore();
            log.info("Epoch {}: train loss {}, validation loss {}, validation accuracy {}{}", epoch,
                    format(trainLoss), format(validationLoss), accuracy == null ? "-" : format(accuracy),
                    improved ? " (best so far)" : "");
            if (improved) {
                writeWeights(folder, card(evaluations, epoch));
                keep(folder, job.output());
            }
            deleteTree(folder);
            state = new TrainingState(state.tensors(), state.steps(), state.epoch(), state.nextBatch(), state.order(),
                    state.seed(), state.trainPairs(), state.lossScale(), state.goodSteps(), state.trainingSeconds(),
                    state.tokens(), state.epochLossSum(), state.epochBatches(), evaluations,
                    improved ? epoch : state.bestEpoch(), improved ? score : state.bestScore(),
                    improved ? 0 : competes ? state.sinceBest() + 1 : state.sinceBest());
            if (!improved) {
                // the kept weights' card gains this evaluation's figures too
                rewriteKeptCard();
            }
            return improved;
        } catch (IOException e) {
            throw diskError(folder, e);
        }
    }

    private double validationLoss() {
        List<TrainingPair> pairs = data.validation();
        if (pairs.isEmpty()) {
            return Double.NaN;
        }
        double weighted = 0;
        long labels = 0;
        for (int from = 0; from < pairs.size(); from += settings.batchSize()) {
            List<TrainingPair> part = pairs.subList(from, Math.min(pairs.size(), from + settings.batchSize()));
            long targetTokens = part.stream().mapToLong(p -> p.target().length).sum();
            try (NDManager step = manager.newSubManager()) {
                float loss = new TrainingBatch(part, model.config().decoderStartTokenId()).loss(model, step, 0, 0)
                        .getFloat();
                weighted += loss * targetTokens;
                labels += targetTokens;
            }
        }
        return weighted / labels;
    }

    private T5AdapterCard card(List<T5AdapterCard.Epoch> evaluations, int bestEpoch) {
        double speed = state.tokens() / Math.max(state.trainingSeconds(), 1e-9);
        return new T5AdapterCard(settings.full() ? "full" : "lora", job.checkpoint().toAbsolutePath().normalize()
                .getFileName().toString(), baseFingerprint, settings.full() ? 0 : settings.rank(),
                settings.full() ? 0 : settings.alpha(), settings.full() ? List.of() : settings.targets(),
                settings.precision(), job.databaseFingerprint(), data.train().size(), data.validation().size(),
                state.steps(), bestEpoch, Math.round(speed * 10) / 10.0, evaluations);
    }

    /** The weights as they stand now, with their card: an adapter, or a whole checkpoint. */
    private void writeWeights(Path folder, T5AdapterCard card) throws IOException {
        TrainedWeights.write(model, job.checkpoint(), folder, card);
    }

    private void rewriteKeptCard() throws IOException {
        Path cardFile = job.output().resolve(settings.full() ? T5AdapterCard.FULL_CARD : T5AdapterCard.LORA_CARD);
        if (Files.isRegularFile(cardFile)) {
            T5AdapterCard kept = T5AdapterCard.read(cardFile);
            card(state.evaluations(), kept.bestEpoch()).write(cardFile);
        }
    }

    /** Moves an evaluation's files into the output folder, each replacing the kept one whole. */
    private static void keep(Path folder, Path output) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                TrainedWeights.copy(file, output.resolve(file.getFileName()));
            }
        }
    }

    private TrainingState snapshot(long steps, int epoch, int next, List<int[]> order, double seconds, long tokens,
            double epochLossSum, int epochBatches) {
        return new TrainingState(state.tensors(), steps, epoch, next, order, state.seed(), data.train().size(),
                scaler.scale(), scaler.goodSteps(), seconds, tokens, epochLossSum, epochBatches, state.evaluations(),
                state.bestEpoch(), state.bestScore(), state.sinceBest());
    }

    /**
     * The trainable weights, both moments and where the run stands: the tensors to {@code state-<step>.safetensors},
     * then {@code state.json} naming them, each written whole before it replaces the last; older tensors go after.
     */
    private void saveCheckpoint() throws T5TrainingException {
        Path dir = job.output().resolve(CHECKPOINT_DIR);
        String tensorsName = "state-" + state.steps() + ".safetensors";
        try (NDManager scope = manager.newSubManager(Device.cpu())) {
            NDList tensors = new NDList();
            List<T5Model.Parameter> parameters = optimizer.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                String name = parameters.get(i).name();
                NDArray weights = parameters.get(i).array().stopGradient();
                weights.attach(scope);
                tensors.add(cpu(weights, scope, "param:" + name));
                tensors.add(cpu(optimizer.first(i), scope, "adam_m:" + name));
                tensors.add(cpu(optimizer.second(i), scope, "adam_v:" + name));
            }
            T5Safetensors.write(dir.resolve(tensorsName), tensors);
            state = new TrainingState(tensorsName, state.steps(), state.epoch(), state.nextBatch(), state.order(),
                    state.seed(), state.trainPairs(), state.lossScale(), state.goodSteps(), state.trainingSeconds(),
                    state.tokens(), state.epochLossSum(), state.epochBatches(), state.evaluations(),
                    state.bestEpoch(), state.bestScore(), state.sinceBest());
            T5Safetensors.writeString(dir.resolve(STATE), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(stateForJson()));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path old : files.filter(f -> f.getFileName().toString().startsWith("state-")
                        && !f.getFileName().toString().equals(tensorsName)).toList()) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException e) {
            throw diskError(dir, e);
        }
    }

    /** Jackson writes -Infinity as a string it cannot read back; no best yet is saved as the lowest double. */
    private TrainingState stateForJson() {
        double best = Double.isInfinite(state.bestScore()) ? -Double.MAX_VALUE : state.bestScore();
        return new TrainingState(state.tensors(), state.steps(), state.epoch(), state.nextBatch(), state.order(),
                state.seed(), state.trainPairs(), state.lossScale(), state.goodSteps(), state.trainingSeconds(),
                state.tokens(), state.epochLossSum(), state.epochBatches(), state.evaluations(), state.bestEpoch(),
                best, state.sinceBest());
    }

    private static NDArray cpu(NDArray a, NDManager scope, String name) {
        NDArray copy = a.toDevice(Device.cpu(), true).toType(DataType.FLOAT32, false);
        copy.attach(scope);
        copy.setName(name);
        return copy;
    }

    private TrainingState resume() throws T5TrainingException {
        Path dir = job.output().resolve(CHECKPOINT_DIR);
        Path stateFile = dir.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new T5TrainingException("There is no checkpoint to resume from in " + dir + ". Start the "
                    + "training without resume, or give the output folder of the interrupted run.");
        }
        TrainingState saved;
        try {
            saved = json.readValue(stateFile.toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new T5TrainingException(stateFile + " cannot be read (" + e.getMessage() + "). Start the "
                    + "training again without resume.", e);
        }
        if (saved.trainPairs() != data.train().size() || saved.seed() != settings.seed()) {
            throw new T5TrainingException("The checkpoint in " + dir + " was made with " + saved.trainPairs()
                    + " training pairs and seed " + saved.seed() + ", not " + data.train().size() + " and "
                    + settings.seed() + ". Resume with the same training set and settings, or start again.");
        }
        try (NDManager scope = manager.newSubManager(Device.cpu())) {
            Map<String, NDArray> tensors = T5Safetensors.read(dir.resolve(saved.tensors()), scope);
            List<T5Model.Parameter> parameters = optimizer.parameters();
            NDArray[] first = new NDArray[parameters.size()];
            NDArray[] second = new NDArray[parameters.size()];
            for (int i = 0; i < parameters.size(); i++) {
                String name = parameters.get(i).name();
                NDArray value = tensors.get("param:" + name);
                first[i] = tensors.get("adam_m:" + name);
                second[i] = tensors.get("adam_v:" + name);
                if (value == null || first[i] == null || second[i] == null) {
                    throw new T5TrainingException("The checkpoint in " + dir + " has no state for " + name
                            + ": it was made with other settings (LoRA targets or rank, or full fine-tuning). "
                            + "Resume with the same settings, or start again.");
                }
                if (!value.getShape().equals(parameters.get(i).array().getShape())) {
                    throw new T5TrainingException("The checkpoint in " + dir + " holds " + name + " with shape "
                            + value.getShape() + ", not " + parameters.get(i).array().getShape()
                            + ". Resume with the same checkpoint and settings, or start again.");
                }
                NDArray data = parameters.get(i).array().stopGradient();
                data.attach(scope);
                AdamW.overwrite(data, value);
            }
            optimizer.restore(saved.steps(), first, second);
        } catch (IOException e) {
            throw new T5TrainingException("The checkpoint in " + dir + " is damaged (" + e.getMessage() + "). Start "
                    + "the training again without resume.", e);
        }
        scaler.restore(saved.lossScale(), saved.goodSteps());
        log.info("Resuming at step {} (epoch {}, batch {})", saved.steps(), saved.epoch(), saved.nextBatch());
        return saved;
    }

    private T5TrainingResult result(long steps, double seconds, long tokens, T5TrainingResult.Stop stop) {
        return new T5TrainingResult(job.output(), steps, state.bestEpoch(), state.evaluations(),
                tokens / Math.max(seconds, 1e-9), stop);
    }

    private void checkDiskSpace(List<T5Model.Parameter> parameters) throws T5TrainingException {
        long trainable = count(parameters);
        // the checkpoint holds weights and two moments in fp32; an evaluation writes the weights twice (its folder,
        // then the kept copy); temporary files double each while they are written
        long model = settings.full() ? trainable * 4 : 0;
        long needed = 2 * (trainable * 12 + (settings.full() ? model * 2 : trainable * 8));
        try {
            long usable = Files.getFileStore(job.output()).getUsableSpace();
            if (usable < needed) {
                throw new T5TrainingException("The disk of " + job.output() + " has " + mib(usable) + " free; "
                        + "training needs about " + mib(needed) + " there (checkpoints and the best weights). Free "
                        + "space or choose another output folder.");
            }
        } catch (IOException e) {
            log.debug("Cannot tell the free space of {}: {}", job.output(), e.toString());
        }
    }

    private static T5TrainingException diskError(Path where, IOException e) {
        return new T5TrainingException("Cannot write to " + where + ": " + e + ". If the disk is full, free space "
                + "or choose another output folder, then resume: the last checkpoint is intact.", e);
    }

    private static void checkCheckpoint(Path dir) throws T5TrainingException {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new T5TrainingException("The T5 checkpoint directory " + dir + " does not exist. Give a directory "
                    + "with config.json, tokenizer.json and model.safetensors (models/README.md).");
        }
        for (String needed : new String[] {"config.json", "tokenizer.json"}) {
            if (!Files.isRegularFile(dir.resolve(needed))) {
                throw new T5TrainingException("The T5 checkpoint directory " + dir + " has no " + needed
                        + "; is it a T5 checkpoint? Copy the file from the checkpoint's Hugging Face repository.");
            }
        }
        if (!Files.isRegularFile(dir.resolve("model.safetensors"))
                && !Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            throw new T5TrainingException("The T5 checkpoint directory " + dir + " has no model.safetensors. "
                    + "Convert pytorch_model.bin once with models/convert-t5-checkpoint.py (models/README.md).");
        }
    }

    private static Device device(String name) throws T5TrainingException {
        int gpus;
        try {
            gpus = Engine.getEngine(ENGINE).getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new T5TrainingException("PyTorch's native library cannot be loaded (" + e + "); see the README's "
                    + "T5 section.", e);
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new T5TrainingException("The device is gpu, but PyTorch sees no GPU. Use the CUDA build "
                            + "of PyTorch's library (README, T5 engine) or train on the cpu.");
                }
                yield Device.gpu();
            }
            default -> throw new T5TrainingException("The device is '" + name + "'; use auto, cpu or gpu.");
        };
    }

    private static long count(List<T5Model.Parameter> parameters) {
        return parameters.stream().mapToLong(p -> p.array().size()).sum();
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void close() {
        if (manager != null) {
            manager.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
