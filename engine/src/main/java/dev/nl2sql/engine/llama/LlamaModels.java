package dev.nl2sql.engine.llama;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.models.GgufHeader;
import dev.nl2sql.models.InvalidModelFileException;
import dev.nl2sql.models.ModelNotFoundException;
import dev.nl2sql.models.ModelResolver;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded models of this JVM: one per model file, LoRA adapter and load settings, shared by every connection.
 * Loading happens once, on the first question, never per statement; the file's GGUF header (and the adapter's,
 * against the model's tensors) is checked before the native load, so a wrong or damaged file is an SQLException
 * rather than a crash.
 */
public final class LlamaModels {

    private static final Logger log = LoggerFactory.getLogger(LlamaModels.class);

    private record Key(Path file, Path loraFile, float loraScale, String chatTemplate, int gpuLayers, int threads,
            int contextSize, int maxConcurrent, int maxTokens, float temperature, boolean nativeLog) {
    }

    private static final Map<Key, LlamaSqlGenerator> LOADED = new ConcurrentHashMap<>();

    private LlamaModels() {
    }

    public static LlamaSqlGenerator forSettings(EngineSettings settings) throws SQLException {
        // llama.cpp parses its parameters as JSON and aborts the process on NaN or an infinity
        if (!Float.isFinite(settings.temperature()) || settings.temperature() < 0) {
            throw EngineException.invalidSetting("The temperature " + settings.temperature() + " cannot be used: "
                    + "set nl2sql.temperature to a number from 0 to 2.");
        }
        Path file = locate(settings);
        EngineSettings.LoraAdapter lora = settings.loraAdapter();
        Path loraFile = lora == null ? null : locateAdapter(lora.file());
        float loraScale = lora == null ? 0f : lora.scale();
        if (!Float.isFinite(loraScale)) { // the driver refuses it first; this keeps other callers from writing NaN
            throw EngineException.invalidSetting("The LoRA scale " + loraScale + " cannot be used: set "
                    + "nl2sql.loraScale to a number such as 1 (as trained) or 0.5 (half as strong).");
        }
        Key key = new Key(file, loraFile, loraScale, settings.chatTemplate(), settings.gpuLayers(), settings.threads(),
                settings.contextSize(), settings.maxConcurrent(), settings.maxTokens(), settings.temperature(),
                settings.nativeLog());
        LlamaSqlGenerator loaded = LOADED.get(key);
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOADED) { // one load at a time: a model can take gigabytes
            loaded = LOADED.get(key);
            if (loaded == null) {
                loaded = load(file, loraFile, loraScale, settings);
                LOADED.put(key, loaded);
            }
            return loaded;
        }
    }

    /** A model whose file changed: the next question for its settings loads the file again. */
    static void forget(LlamaSqlGenerator retired) {
        LOADED.values().remove(retired);
    }

    private static Path locate(EngineSettings settings) throws SQLException {
        if (settings.model() == null || settings.model().isBlank()) {
            throw EngineException.general("No model is configured. Set nl2sql.model to a GGUF file or a catalogue "
                    + "id (java -jar nl2sql-models.jar list), as a connection property, -Dnl2sql.model=... or "
                    + "NL2SQL_MODEL.");
        }
        try {
            return ModelResolver.resolve(settings.model(), settings.modelsDir()).toRealPath();
        } catch (ModelNotFoundException e) {
            throw EngineException.general(e.getMessage(), e);
        } catch (IOException e) {
            throw EngineException.general("The model file for '" + settings.model() + "' cannot be read: " + e
                    + ". Check the path and its permissions.", e);
        }
    }

    private static Path locateAdapter(Path adapter) throws SQLException {
        try {
            return adapter.toRealPath();
        } catch (NoSuchFileException e) {
            String several = adapter.toString().contains(",") ? " nl2sql applies one adapter: merge several into "
                    + "the model with llama.cpp's llama-export-lora and use the merged model." : "";
            throw EngineException.general("The LoRA adapter file " + adapter.toAbsolutePath() + " does not exist. "
                    + "Set nl2sql.loraAdapter to the .gguf adapter that llama.cpp's convert_lora_to_gguf.py wrote."
                    + several, e);
        } catch (IOException e) {
            throw EngineException.general("The LoRA adapter file " + adapter + " cannot be read (" + e + "). Check "
                    + "the path in nl2sql.loraAdapter and the file's permissions.", e);
        }
    }

    private static LlamaSqlGenerator load(Path file, Path loraFile, float loraScale, EngineSettings settings)
            throws SQLException {
        GgufHeader header;
        try {
            // the tensor infos are needed only to check an adapter against them
            header = loraFile == null ? GgufHeader.read(file) : GgufHeader.readWithTensors(file);
        } catch (InvalidModelFileException e) {
            throw EngineException.general("The model file " + file + " cannot be used: " + e.getMessage(), e);
        } catch (IOException e) {
            throw EngineException.general("The model file " + file + " cannot be read: " + e, e);
        }
        GgufHeader adapterHeader = loraFile == null ? null : LoraAdapterCheck.check(loraFile, header, file);
        NativeLibrary.prepare(); // before the first use of LlamaModel, whose static initialiser loads the library
        ModelParameters parameters = new ModelParameters()
                .setModel(file.toString())
                .setThreads(settings.threads())
                .setThreadsBatch(settings.threads())
                .setCtxSize(settings.contextSize())
                .setParallel(1)
                .disableMmap(); // a file truncated under an mmap faults the JVM; read into memory instead
        if (settings.nativeLog()) {
            NativeLog.toSlf4j();
        } else {
            parameters.disableLog();
        }
        if (settings.gpuLayers() > 0) {
            parameters.setGpuLayers(settings.gpuLayers());
        }
        if (settings.chatTemplate() != null && !settings.chatTemplate().isBlank()) {
            String template = ChatTemplates.builtIn(settings.chatTemplate());
            if (template == null) { // the driver refuses it first; this keeps other callers from aborting the JVM
                throw EngineException.invalidSetting("nl2sql.chatTemplate '" + settings.chatTemplate() + "' is not "
                        + "one of llama.cpp's built-in templates: " + String.join(", ", ChatTemplates.BUILT_IN));
            }
            parameters.setChatTemplate(template);
        }
        Map<Path, LlamaSqlGenerator.FileStamp> stamps = new LinkedHashMap<>();
        try {
            stamps.put(file, LlamaSqlGenerator.FileStamp.of(file));
            if (loraFile != null) {
                stamps.put(loraFile, LlamaSqlGenerator.FileStamp.of(loraFile));
            }
        } catch (IOException e) {
            throw EngineException.general("The model file " + file + " or its LoRA adapter cannot be read: " + e, e);
        }
        Path scaledCopy = null;
        if (loraFile != null && loraScale == 0f) {
            log.info("nl2sql.loraScale is 0: the LoRA adapter {} is checked but not applied", loraFile);
        } else if (loraFile != null && loraScale == 1f) {
            parameters.addLoraAdapter(loraFile.toString());
        } else if (loraFile != null) {
            scaledCopy = ScaledLoraCopy.write(loraFile, adapterHeader, loraScale,
                    Path.of(System.getProperty("java.io.tmpdir")));
            parameters.addLoraAdapter(scaledCopy.toString());
        }
        long started = System.nanoTime();
        LlamaModel model;
        try {
            model = NativeThreads.load(() -> new LlamaModel(parameters));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw EngineException.general("llama.cpp could not load " + file
                    + (loraFile == null ? "" : " with the LoRA adapter " + loraFile) + ": " + e.getMessage()
                    + ". Check that the file is a complete GGUF chat model"
                    + (loraFile == null ? "" : " and the adapter a complete one for it")
                    + " and that nl2sql.contextSize and nl2sql.gpuLayers fit this machine.", e);
        } finally {
            ScaledLoraCopy.delete(scaledCopy);
        }
        String name = header.name().orElse(file.getFileName().toString());
        log.info("Loaded model {} ({}, {} tensors) from {} in {} ms with {} threads, context {}, {} GPU layers{}",
                name, header.architecture().orElse("unknown architecture"), header.tensorCount(), file,
                (System.nanoTime() - started) / 1_000_000, settings.threads(), settings.contextSize(),
                settings.gpuLayers(), loraFile == null ? "" : ", LoRA adapter " + loraFile + " at scale " + loraScale);
        return new LlamaSqlGenerator(model, file.getFileName().toString(), settings, file, stamps);
    }
}
