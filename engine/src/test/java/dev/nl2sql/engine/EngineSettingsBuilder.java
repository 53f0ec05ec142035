package dev.nl2sql.engine;

import java.nio.file.Path;

/**
 * Engine settings for tests, by name instead of 19 positions: small defaults (one thread, greedy, 2,048 tokens of
 * context, 64 new tokens, 2,000-character schema and question, three attempts); a test names what it changes.
 */
public final class EngineSettingsBuilder {

    private final String engine;
    private String model;
    private Path modelsDir;
    private String chatTemplate;
    private int contextSize = 2048;
    private int maxTokens = 64;
    private int schemaPromptChars = 2000;
    private int maxQuestionChars = 2000;
    private EngineSettings.Server server;
    private boolean nativeLog;
    private EngineSettings.T5 t5 = EngineSettings.T5.DEFAULTS;
    private EngineSettings.LoraAdapter loraAdapter;

    private EngineSettingsBuilder(String engine) {
        this.engine = engine;
    }

    /** Settings for {@code engine} (llama, t5, server, replay). */
    public static EngineSettingsBuilder engine(String engine) {
        return new EngineSettingsBuilder(engine);
    }

    public EngineSettingsBuilder model(String model) {
        this.model = model;
        return this;
    }

    public EngineSettingsBuilder modelsDir(Path modelsDir) {
        this.modelsDir = modelsDir;
        return this;
    }

    public EngineSettingsBuilder chatTemplate(String chatTemplate) {
        this.chatTemplate = chatTemplate;
        return this;
    }

    public EngineSettingsBuilder contextSize(int contextSize) {
        this.contextSize = contextSize;
        return this;
    }

    public EngineSettingsBuilder maxTokens(int maxTokens) {
        this.maxTokens = maxTokens;
        return this;
    }

    public EngineSettingsBuilder schemaPromptChars(int schemaPromptChars) {
        this.schemaPromptChars = schemaPromptChars;
        return this;
    }

    public EngineSettingsBuilder maxQuestionChars(int maxQuestionChars) {
        this.maxQuestionChars = maxQuestionChars;
        return this;
    }

    public EngineSettingsBuilder server(EngineSettings.Server server) {
        this.server = server;
        return this;
    }

    public EngineSettingsBuilder nativeLog(boolean nativeLog) {
        this.nativeLog = nativeLog;
        return this;
    }

    public EngineSettingsBuilder t5(EngineSettings.T5 t5) {
        this.t5 = t5;
        return this;
    }

    public EngineSettingsBuilder loraAdapter(Path file, float scale) {
        this.loraAdapter = new EngineSettings.LoraAdapter(file, scale);
        return this;
    }

    public EngineSettings build() {
        return new EngineSettings(engine, model, modelsDir, chatTemplate, 0, 1, contextSize, 0f, maxTokens, 1,
                schemaPromptChars, maxQuestionChars, server, null, nativeLog, EngineSettings.Pipeline.FULL, 3, t5,
                loraAdapter);
    }
}
