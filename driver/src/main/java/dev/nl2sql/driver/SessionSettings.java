package dev.nl2sql.driver;

import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.llama.ChatTemplates;
import dev.nl2sql.engine.memory.MemoryStore;
import dev.nl2sql.models.ModelResolver;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The question settings of a connection, read from its properties and checked value by value before any of them
 * reaches a model: llama.cpp aborted the JVM on {@code temperature=NaN}, and a deadline of billions of seconds
 * overflows into the past. A value out of range or of the wrong form is SQLState 22023, naming the property and what
 * it allows. The bounds are wide: they refuse nonsense, not unusual machines.
 */
final class SessionSettings {

    /** llama.cpp's own limit on threads (GGML_MAX_N_THREADS). */
    static final int MAX_THREADS = 512;
    /** A million tokens: beyond any model's trained context. */
    static final int MAX_TOKENS = 1 << 20;
    /** A week: long enough for any question, short enough that the deadline arithmetic cannot overflow. */
    static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final int MAX_LAYERS = 10_000;
    static final int MAX_CHARS = 10_000_000;
    /** Beyond ten times as trained an adapter only breaks the model. */
    static final float MAX_LORA_SCALE = 10f;

    private SessionSettings() {
    }

    static EngineSettings engine(DriverConfig config) throws SQLException {
        int threads = config.get(DriverProperty.THREADS).isPresent()
                ? config.getInt(DriverProperty.THREADS, 1, MAX_THREADS)
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new EngineSettings(
                config.getChoice(DriverProperty.ENGINE),
                config.get(DriverProperty.MODEL).orElse(null),
                config.getPath(DriverProperty.MODELS_DIR).orElseGet(ModelResolver::defaultModelsDir),
                chatTemplate(config),
                config.getInt(DriverProperty.GPU_LAYERS, 0, MAX_LAYERS),
                threads,
                config.getInt(DriverProperty.CONTEXT_SIZE, 256, MAX_TOKENS),
                config.getFloat(DriverProperty.TEMPERATURE, 0f, 2f),
                config.getInt(DriverProperty.MAX_TOKENS, 8, MAX_TOKENS),
                config.getInt(DriverProperty.MAX_CONCURRENT, 1, 1024),
                config.getInt(DriverProperty.SCHEMA_PROMPT_CHARS, 200, MAX_CHARS),
                config.getInt(DriverProperty.MAX_QUESTION_CHARS, 1, MAX_CHARS),
                new EngineSettings.Server(
                        config.get(DriverProperty.SERVER_URL).orElse(null),
                        config.get(DriverProperty.SERVER_MODEL).orElse(null),
                        config.get(DriverProperty.SERVER_API_KEY).orElse(null),
                        config.getChoice(DriverProperty.SERVER_GRAMMAR)),
                config.getPath(DriverProperty.REPLAY).orElse(null),
                Boolean.parseBoolean(config.getChoice(DriverProperty.NATIVE_LOG)),
                EngineSettings.Pipeline.valueOf(config.getChoice(DriverProperty.PIPELINE)
                        .toUpperCase(Locale.ROOT)),
                config.getInt(DriverProperty.ATTEMPTS, 1, 100),
                new EngineSettings.T5(
                        config.getInt(DriverProperty.BEAMS, 1, 64),
                        config.getInt(DriverProperty.BEAM_TOP_K, 1, 1024),
                        config.getChoice(DriverProperty.DEVICE),
                        config.getChoice(DriverProperty.PRECISION),
                        config.getInt(DriverProperty.MAX_INPUT_TOKENS, 2, MAX_TOKENS),
                        config.get(DriverProperty.ADAPTER).orElse(null)),
                loraAdapter(config));
    }

    /** nl2sql.loraAdapter with nl2sql.loraScale; null without an adapter (the scale is checked all the same). */
    static EngineSettings.LoraAdapter loraAdapter(DriverConfig config) throws SQLException {
        float scale = config.getFloat(DriverProperty.LORA_SCALE, -MAX_LORA_SCALE, MAX_LORA_SCALE);
        return config.getPath(DriverProperty.LORA_ADAPTER)
                .map(file -> new EngineSettings.LoraAdapter(file, scale))
                .orElse(null);
    }

    /** nl2sql.chatTemplate: one of llama.cpp's built-in names, or null for the model file's own template. */
    static String chatTemplate(DriverConfig config) throws SQLException {
        String value = config.get(DriverProperty.CHAT_TEMPLATE).orElse(null);
        if (value == null) {
            return null;
        }
        String name = ChatTemplates.builtIn(value);
        if (name == null) {
            throw Errors.invalidProperty(DriverProperty.CHAT_TEMPLATE, value, "one of llama.cpp's built-in templates ("
                    + String.join(", ", ChatTemplates.BUILT_IN) + "), or unset for the model's own");
        }
        return name;
    }

    /** nl2sql.queryTimeout in milliseconds. */
    static long timeoutMillis(DriverConfig config) throws SQLException {
        return config.getInt(DriverProperty.QUERY_TIMEOUT, 1, MAX_TIMEOUT_SECONDS) * 1000L;
    }

    /**
     * The store for taught pairs and notes (nl2sql.memoryUrl, else the H2 file under ~/.nl2sql/memory) with the
     * prompt's share of it; null for nl2sql.memory=off.
     */
    static MemorySettings memory(DriverConfig config) throws SQLException {
        if (config.getChoice(DriverProperty.MEMORY).equals("off")) {
            return null;
        }
        return new MemorySettings(config.get(DriverProperty.MEMORY_URL).orElseGet(MemoryStore::defaultUrl),
                config.getInt(DriverProperty.MEMORY_EXAMPLES, 0, 100),
                config.getInt(DriverProperty.MEMORY_PROMPT_CHARS, 0, MAX_CHARS));
    }

    /** nl2sql.memoryUrl (or the default store), nl2sql.memoryExamples and nl2sql.memoryPromptChars. */
    record MemorySettings(String url, int examples, int promptChars) {
    }

    /** How much of a connection's conversation questions see; null for nl2sql.conversation=off. */
    static ConversationSettings conversation(DriverConfig config) throws SQLException {
        if (config.getChoice(DriverProperty.CONVERSATION).equals("off")) {
            return null;
        }
        return new ConversationSettings(config.getInt(DriverProperty.CONVERSATION_TURNS, 1, 50),
                config.getInt(DriverProperty.CONVERSATION_CHARS, 0, MAX_CHARS));
    }

    /** nl2sql.conversationTurns and nl2sql.conversationChars. */
    record ConversationSettings(int turns, int chars) {
    }

    /** nl2sql.warmUp: whether a connection prepares in the background what its first question needs. */
    static boolean warmUp(DriverConfig config) throws SQLException {
        return config.getChoice(DriverProperty.WARM_UP).equals("on");
    }

    /** nl2sql.maxRows. */
    static int maxRows(DriverConfig config) throws SQLException {
        return config.getInt(DriverProperty.MAX_ROWS, 1, Integer.MAX_VALUE);
    }
}
