package dev.nl2sql.engine.t5;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded T5 models of this JVM, one per checkpoint directory and settings, shared by every connection. A
 * checkpoint directory holds Hugging Face's {@code config.json}, {@code tokenizer.json} and safetensors weights
 * ({@code models/convert-t5-checkpoint.py} makes one from a checkpoint published as {@code pytorch_model.bin}).
 */
public final class T5Models {

    private static final Logger log = LoggerFactory.getLogger(T5Models.class);
    private static final String ENGINE = "PyTorch";

    private record Key(Path dir, EngineSettings.T5 t5, int maxTokens, int maxConcurrent) {
    }

    /** What a checkpoint costs memory for, shared by generators whose search settings differ. */
    private record ModelKey(Path dir, String device, String precision, Path adapter) {
    }

    private static final Map<Key, T5SqlGenerator> LOADED = new ConcurrentHashMap<>();
    private static final Map<ModelKey, T5SqlGenerator> MODELS = new ConcurrentHashMap<>();

    private T5Models() {
    }

    public static T5SqlGenerator forSettings(EngineSettings settings) throws SQLException {
        Path dir = locate(settings);
        Key key = new Key(dir, settings.t5(), settings.maxTokens(), settings.maxConcurrent());
        T5SqlGenerator loaded = LOADED.get(key);
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOADED) { // one load at a time: a checkpoint can take gigabytes
            loaded = LOADED.get(key);
            if (loaded == null) {
                ModelKey modelKey = new ModelKey(dir, settings.t5().device(), settings.t5().precision(),
                        adapterFolder(settings));
                T5SqlGenerator sameModel = MODELS.get(modelKey);
                if (sameModel != null) {
                    loaded = sameModel.withSettings(settings);
                } else {
                    loaded = load(dir, settings);
                    MODELS.put(modelKey, loaded);
                }
                LOADED.put(key, loaded);
            }
            return loaded;
        }
    }

    /**
     * Forgets the model loaded from this checkpoint with this adapter (null: none) and frees its memory, for a program
     * that loads many short-lived weights in one JVM, such as the training command scoring each epoch's weights.
     * Close the connections that used it first. Does nothing when no such model is loaded.
     */
    public static void unload(Path dir, Path adapter) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return; // never loaded: locate() keeps real paths of folders that exist
        }
        Path adapterFolder = adapter == null ? null : T5Adapter.folderOf(adapter).toAbsolutePath().normalize();
        synchronized (LOADED) {
            var models = MODELS.entrySet().iterator();
            while (models.hasNext()) {
                var entry = models.next();
                ModelKey key = entry.getKey();
                if (key.dir().equals(real) && Objects.equals(key.adapter(), adapterFolder)) {
                    T5SqlGenerator owner = entry.getValue();
                    models.remove();
                    LOADED.values().removeIf(g -> g.sharesModelWith(owner));
                    owner.close();
                }
            }
        }
    }

    /** Loads a checkpoint directory for these settings, outside the shared registry (benchmarks, tests). */
    public static T5SqlGenerator load(Path dir, EngineSettings settings) throws SQLException {
        T5Precision precision;
        try {
            precision = T5Precision.parse(settings.t5().precision());
        } catch (IllegalArgumentException e) {
            throw EngineException.general("nl2sql.precision is '" + settings.t5().precision() + "'; use fp32, "
                    + "fp16 or mixed.");
        }
        Device device = device(settings.t5().device());
        PyTorchThreads.apply(settings.threads());
        long started = System.nanoTime();
        T5Vocabulary vocabulary;
        T5Model model;
        T5Adapter adapter = adapter(dir, settings);
        try {
            model = T5Model.load(dir, device, precision, adapter, false, false);
        } catch (IOException e) {
            if (adapter != null && e.getMessage() != null && e.getMessage().contains(T5AdapterCard.LORA_WEIGHTS)) {
                throw EngineException.general("The adapter in " + adapterFolder(settings) + " cannot be used: "
                        + e.getMessage() + ". Train it again, or copy it again whole (README, fine-tuning).", e);
            }
            throw EngineException.general("The T5 checkpoint in " + dir + " cannot be loaded: " + e.getMessage()
                    + ". A checkpoint directory holds config.json, tokenizer.json and model.safetensors (README, "
                    + "T5 engine).", e);
        } catch (RuntimeException e) {
            throw EngineException.general("PyTorch could not load the T5 checkpoint in " + dir + " on " + device
                    + ": " + e + ". For fp16 or large checkpoints see the README's memory plan.", e);
        }
        HuggingFaceTokenizer tokenizer;
        try {
            vocabulary = T5Vocabulary.read(dir.resolve("tokenizer.json"), model.config().eosTokenId());
            tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(dir.resolve("tokenizer.json"))
                    .optAddSpecialTokens(true).optTruncation(false).build();
        } catch (IOException | RuntimeException e) {
            model.close();
            throw EngineException.general("The tokenizer of the T5 checkpoint in " + dir + " cannot be read: " + e
                    + ". Use the checkpoint's own tokenizer.json (the PICARD checkpoints add tokens for < and <=).",
                    e);
        }
        log.info("Loaded T5 {}{} ({} parameters, {} on {}) in {} ms", dir.getFileName(),
                adapter == null ? "" : " with the adapter " + adapterFolder(settings),
                model.config().parameterCount(), precision, device, (System.nanoTime() - started) / 1_000_000);
        return new T5SqlGenerator(dir, model, tokenizer, vocabulary, settings, true);
    }

    /** The folder of nl2sql.adapter, or null when none is set. */
    private static Path adapterFolder(EngineSettings settings) {
        String adapter = settings.t5().adapter();
        return adapter == null || adapter.isBlank() ? null : T5Adapter.folderOf(Path.of(adapter)).toAbsolutePath()
                .normalize();
    }

    /** nl2sql.adapter, its card read and its base checked against the checkpoint; null when none is set. */
    private static T5Adapter adapter(Path dir, EngineSettings settings) throws SQLException {
        Path folder = adapterFolder(settings);
        if (folder == null) {
            return null;
        }
        if (!Files.exists(Path.of(settings.t5().adapter()))) {
            throw EngineException.general("The adapter " + settings.t5().adapter() + " (nl2sql.adapter) does not "
                    + "exist. Give the folder T5 training wrote (adapter.json and adapter.safetensors), or unset "
                    + "nl2sql.adapter.");
        }
        try {
            return T5Adapter.open(folder, dir);
        } catch (IOException e) {
            throw EngineException.general("The adapter in " + folder + " (nl2sql.adapter) cannot be used with the "
                    + "checkpoint " + dir + ": " + e.getMessage() + ". Use an adapter trained on this checkpoint, or "
                    + "set nl2sql.model to the checkpoint its adapter.json names.", e);
        }
    }

    private static Path locate(EngineSettings settings) throws SQLException {
        if (settings.model() == null || settings.model().isBlank()) {
            throw EngineException.general("No T5 checkpoint is configured. Set nl2sql.model to a checkpoint "
                    + "directory (config.json, tokenizer.json, model.safetensors); models/README.md says how to make "
                    + "one from tscholak/cxmefzzi.");
        }
        Path dir = Path.of(settings.model());
        if (!Files.isDirectory(dir)) {
            throw EngineException.general("The T5 checkpoint directory " + dir + " does not exist. nl2sql.engine=t5 "
                    + "takes a directory with config.json, tokenizer.json and model.safetensors (models/README.md).");
        }
        for (String needed : new String[] {"config.json", "tokenizer.json"}) {
            if (!Files.isRegularFile(dir.resolve(needed))) {
                throw EngineException.general("The T5 checkpoint directory " + dir + " has no " + needed + ". Copy it "
                        + "from the checkpoint's Hugging Face repository (models/README.md).");
            }
        }
        if (!T5Weights.present(dir)) {
            throw EngineException.general("The T5 checkpoint directory " + dir + " has no model.safetensors (nor "
                    + "model.safetensors.index.json). Convert pytorch_model.bin once with "
                    + "models/convert-t5-checkpoint.py (models/README.md).");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw EngineException.general("The T5 checkpoint directory " + dir + " cannot be read: " + e, e);
        }
    }

    private static Device device(String name) throws SQLException {
        String wanted = name == null ? "auto" : name.strip().toLowerCase(Locale.ROOT);
        int gpus;
        try {
            gpus = Engine.getEngine(ENGINE).getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw EngineException.general("PyTorch's native library cannot be loaded (" + e + "). Put "
                    + "ai.djl.pytorch:pytorch-native-cpu:2.7.1 (classifier linux-x86_64, osx-aarch64 or win-x86_64) "
                    + "on the classpath, or a CUDA build as the README's T5 section says.", e);
        }
        return switch (wanted) {
            case "cpu" -> Device.cpu();
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw EngineException.general("nl2sql.device is gpu, but PyTorch sees no GPU. Use the CUDA build "
                            + "of PyTorch's library (README, T5 engine) or set nl2sql.device=cpu.");
                }
                yield Device.gpu();
            }
            default -> throw EngineException.general("nl2sql.device is '" + name + "'; use auto, cpu or gpu.");
        };
    }
}
