package dev.nl2sql.engine.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;
import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.ModelSlots;
import dev.nl2sql.engine.SqlGenerator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * A GGUF chat model run by llama.cpp, writing SQL under a grammar. One instance per model file and settings per JVM
 * (see {@link LlamaModels}); {@link ModelSlots} bounds how many questions use it at once, serves them in the order
 * they arrived for all their attempts, and refuses at once those it cannot serve in time or that find too many
 * waiting, so that a crowd of questions fails fast instead of piling up.
 *
 * <p>The model is loaded without mmap, so a file truncated or deleted under a running JVM cannot fault its memory.
 * Before each question the model file (and the LoRA adapter file, if any) is checked against what was loaded; if one
 * changed, this instance retires (it is not used again, and is freed once its questions finish) and the question
 * fails with a clear error; the next question loads the files afresh, or says what is wrong with them.
 */
public final class LlamaSqlGenerator implements SqlGenerator {

    private final LlamaModel model;
    private final String modelName;
    private final EngineSettings settings;
    private final ModelSlots slots;
    private final Path file;
    /** The model file and the LoRA adapter's, each as it was when loaded. */
    private final Map<Path, FileStamp> loadedFrom;
    private volatile boolean retired;

    /** What identifies the file the model was loaded from. */
    record FileStamp(long size, FileTime modified) {
        static FileStamp of(Path file) throws IOException {
            return new FileStamp(Files.size(file), Files.getLastModifiedTime(file));
        }
    }

    LlamaSqlGenerator(LlamaModel model, String modelName, EngineSettings settings, Path file,
            Map<Path, FileStamp> loadedFrom) {
        this.model = model;
        this.modelName = modelName;
        this.settings = settings;
        this.slots = new ModelSlots(settings.maxConcurrent());
        this.file = file;
        this.loadedFrom = Map.copyOf(loadedFrom);
    }

    @Override
    public boolean isUsable() {
        return !retired;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public Generation generate(GenerationRequest request) throws SQLException {
        GenerationControl control = request.control();
        control.check();
        checkFile();
        try (ModelSlots.Slot turn = slots.acquire(control)) {
            long started = System.nanoTime();
            String prompt = chatPrompt(request);
            int promptTokens = model.encode(prompt).length;
            if (promptTokens + settings.maxTokens() > settings.contextSize()) {
                throw EngineException.limitExceeded("The prompt takes " + promptTokens + " tokens and the answer up to "
                        + settings.maxTokens() + ", but the context holds " + settings.contextSize() + " tokens. Raise "
                        + "nl2sql.contextSize (up to what the model was trained for), or lower "
                        + "nl2sql.schemaPromptChars so that less of the schema is described.");
            }
            InferenceParameters parameters = new InferenceParameters(prompt)
                    .setGrammar(request.grammar())
                    .setTemperature(settings.temperature())
                    .setNPredict(settings.maxTokens())
                    .setCachePrompt(true);
            StringBuilder text = new StringBuilder();
            int tokens = 0;
            LlamaIterator iterator = model.generate(parameters).iterator();
            try {
                while (iterator.hasNext()) {
                    if (control.isCancelled() || control.isExpired()) {
                        iterator.cancel();
                        control.check();
                    }
                    LlamaOutput output = iterator.next();
                    text.append(output.text);
                    tokens++;
                }
            } catch (RuntimeException nativeFailure) { // java-llama.cpp's LlamaException is package-private
                throw EngineException.general("The model failed while writing SQL: " + nativeFailure.getMessage(),
                        nativeFailure);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return new Generation(text.toString(), promptTokens, tokens, millis);
        }
    }

    /**
     * The system prompt, the earlier turns of the conversation and the question in the model's own chat template (or
     * the configured one), ready for the answer.
     */
    String chatPrompt(GenerationRequest request) throws SQLException {
        List<Pair<String, String>> messages = new ArrayList<>();
        for (GenerationRequest.ChatMessage message : request.chat()) {
            messages.add(new Pair<>(message.role(), message.content()));
        }
        try {
            return model.applyTemplate(new InferenceParameters("").setMessages(request.systemPrompt(), messages));
        } catch (RuntimeException e) {
            throw EngineException.general("The model's chat template could not be applied (" + e.getMessage()
                    + "). Name a known template in nl2sql.chatTemplate (llama3, chatml, gemma).", e);
        }
    }

    /** The model file, and the adapter's, must still be the ones that were loaded. */
    private void checkFile() throws SQLException {
        if (retired) {
            throw changed(file, "or its LoRA adapter was replaced since it was loaded");
        }
        for (Map.Entry<Path, FileStamp> loaded : loadedFrom.entrySet()) {
            FileStamp now;
            try {
                now = FileStamp.of(loaded.getKey());
            } catch (IOException e) {
                retire();
                throw changed(loaded.getKey(), "cannot be read any more (" + e + ")");
            }
            if (!now.equals(loaded.getValue())) {
                retire();
                throw changed(loaded.getKey(), "changed since it was loaded (" + loaded.getValue().size()
                        + " bytes, now " + now.size() + ")");
            }
        }
    }

    private SQLException changed(Path file, String what) {
        boolean adapter = !file.equals(this.file);
        return EngineException.general((adapter ? "The LoRA adapter file " : "The model file ") + file + " " + what
                + ". Restore it or point " + (adapter ? "nl2sql.loraAdapter" : "nl2sql.model") + " at a complete "
                + "GGUF file; the next question loads the files again.");
    }

    /** Not used again; freed once the questions that hold a slot are done. */
    private void retire() {
        if (retired) {
            return;
        }
        retired = true;
        LlamaModels.forget(this);
        Thread closer = new Thread(() -> {
            slots.drain();
            model.close();
        }, "nl2sql-model-close");
        closer.setDaemon(true);
        closer.start();
    }

    void close() {
        model.close();
    }
}
