package dev.nl2sql.driver;

import dev.nl2sql.engine.llama.ChatTemplates;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of the driver, declared once. A setting is read, first match wins, from the connection's
 * properties, then the system property of the same name, then the environment variable named by
 * {@link #environmentVariable()} ({@code nl2sql.delegateDriver} becomes {@code NL2SQL_DELEGATE_DRIVER}).
 * Properties not named {@code nl2sql.*} belong to the wrapped driver and reach it unchanged.
 */
public enum DriverProperty {
    ENGINE("nl2sql.engine", "llama", List.of("llama", "t5", "server", "replay"),
            "Which engine writes SQL for questions: llama (a local GGUF chat model through llama.cpp), t5 (a PICARD "
                    + "T5 checkpoint such as tscholak/cxmefzzi through PyTorch, beam search under the schema checker), "
                    + "server (an "
                    + "OpenAI-compatible model server shared by many clients: llama-server, vLLM, Ollama) or replay "
                    + "(answers from a file, see nl2sql.replay)."),
    MODEL("nl2sql.model", null,
            "The model: a path to a GGUF file, or a model id from the catalogue (java -jar nl2sql-models.jar list); "
                    + "for nl2sql.engine=t5, a checkpoint directory (config.json, tokenizer.json, model.safetensors)."),
    MODELS_DIR("nl2sql.modelsDir", null,
            "Where catalogue models are downloaded to and looked up in. Default: ~/.cache/nl2sql/models."),
    CHAT_TEMPLATE("nl2sql.chatTemplate", null, ChatTemplates.BUILT_IN,
            "A llama.cpp chat template name (llama3, chatml, gemma, ...) to use instead of the one in the model file."),
    LORA_ADAPTER("nl2sql.loraAdapter", null,
            "For nl2sql.engine=llama: a LoRA adapter in llama.cpp's GGUF form (convert_lora_to_gguf.py) applied to "
                    + "the model at load time; it must be trained on the model's base. One adapter."),
    LORA_SCALE("nl2sql.loraScale", "1",
            "For nl2sql.engine=llama: how strongly nl2sql.loraAdapter applies, from -10 to 10: 1 as trained, 0 not "
                    + "at all (the model's own answers), 0.5 half as strong."),
    GPU_LAYERS("nl2sql.gpuLayers", "0",
            "Model layers to offload to the GPU; needs a CUDA build of the native library (see README). 0: CPU only."),
    THREADS("nl2sql.threads", null,
            "CPU threads for generation. Default: half the processors (at least 1)."),
    CONTEXT_SIZE("nl2sql.contextSize", "4096",
            "Context of the model in tokens: the prompt (schema and question) plus the answer must fit."),
    TEMPERATURE("nl2sql.temperature", "0",
            "Sampling temperature. 0 is greedy: the same question gives the same SQL."),
    MAX_TOKENS("nl2sql.maxTokens", "256",
            "Most tokens the model may write for one query."),
    MAX_CONCURRENT("nl2sql.maxConcurrent", "1",
            "Questions one loaded model answers at once; more wait their turn (within their timeout)."),
    SCHEMA_PROMPT_CHARS("nl2sql.schemaPromptChars", "6000",
            "Most characters of schema description put in the prompt."),
    MAX_QUESTION_CHARS("nl2sql.maxQuestionChars", "2000",
            "Longest question accepted, in characters."),
    PIPELINE("nl2sql.pipeline", "full", List.of("full", "baseline"),
            "full: the question gets the tables and columns it needs (schema linking), the database's spelling of the "
                    + "values it names (value matching) and, when the SQL fails or finds nothing, another attempt "
                    + "with the error. baseline: the original naive prompt with the whole schema and one attempt, "
                    + "kept to measure what the full pipeline adds."),
    ATTEMPTS("nl2sql.attempts", "3",
            "Most SQL candidates tried for one question (execution-guided choice): the next is tried when one fails "
                    + "or returns no rows, within the question's timeout. 1 runs the first answer only."),
    NL_USER("nl2sql.nlUser", null,
            "The database account that SQL written for questions runs as, on a connection of its own: give it "
                    + "SELECT rights only (README, Security). Unset: the connection's own account, on a second "
                    + "connection in the database's read-only mode."),
    NL_PASSWORD("nl2sql.nlPassword", null,
            "The password of nl2sql.nlUser."),
    QUERY_TIMEOUT("nl2sql.queryTimeout", "120",
            "Seconds a question may take, generation and execution together, when the statement sets no timeout."),
    MAX_ROWS("nl2sql.maxRows", "10000",
            "Most rows a question returns, whatever the client sets; the smaller of the two applies."),
    SERVER_URL("nl2sql.serverUrl", null,
            "For nl2sql.engine=server: the server's OpenAI API base, such as http://gpu-box:8080/v1."),
    SERVER_MODEL("nl2sql.serverModel", null,
            "For nl2sql.engine=server: the model name the server expects (llama-server accepts any)."),
    SERVER_API_KEY("nl2sql.serverApiKey", null,
            "For nl2sql.engine=server: a bearer token, where the server asks for one."),
    SERVER_GRAMMAR("nl2sql.serverGrammar", "grammar", List.of("grammar", "guided_grammar", "none"),
            "For nl2sql.engine=server: the request field that carries the schema grammar: grammar (llama-server), "
                    + "guided_grammar (vLLM), or none (servers without grammars, such as Ollama)."),
    REPLAY("nl2sql.replay", null,
            "For nl2sql.engine=replay: a UTF-8 file of question<TAB>SQL lines; a question not in it is an error."),
    BEAMS("nl2sql.beams", "4",
            "For nl2sql.engine=t5: beams of the beam search; the finished beams are the question's candidates for "
                    + "execution-guided choice."),
    BEAM_TOP_K("nl2sql.beamTopK", "4",
            "For nl2sql.engine=t5: tokens per beam and step that must pass the schema checker to go on (PICARD's "
                    + "top-k; the search reads further down the ranking only where none of the likely ones passes)."),
    DEVICE("nl2sql.device", "auto", List.of("auto", "cpu", "gpu"),
            "For nl2sql.engine=t5: auto (the GPU when PyTorch sees one), cpu or gpu."),
    PRECISION("nl2sql.precision", "fp32", List.of("fp32", "fp16", "mixed"),
            "For nl2sql.engine=t5: fp32; fp16 (half the memory, guarded against T5's fp16 overflow by fp32 norms "
                    + "and clamping); or mixed (fp16 with the feed-forward output layers in fp32, for T5 v1.1)."),
    MAX_INPUT_TOKENS("nl2sql.maxInputTokens", "512",
            "For nl2sql.engine=t5: longest input (question and serialised schema) in tokens; longer ones are cut, "
                    + "as in the checkpoints' training."),
    WARM_UP("nl2sql.warmUp", "off", List.of("off", "on"),
            "on: when the connection opens, the model, the schema, the grammar and Calcite are prepared in the "
                    + "background, so the first question pays no start-up (long-running programs: dashboards, "
                    + "DBeaver). off: the first question prepares them. Never delays or fails the connection."),
    ADAPTER("nl2sql.adapter", null,
            "For nl2sql.engine=t5: a LoRA adapter trained on the checkpoint for this database (its folder, or its "
                    + "adapter.json or adapter.safetensors), merged into the weights when the model loads, so it "
                    + "costs nothing per token. Its card must name the same checkpoint as nl2sql.model."),
    NATIVE_LOG("nl2sql.nativeLog", "false", List.of("false", "true"),
            "true routes llama.cpp's own log to SLF4J (logger dev.nl2sql.engine.llama.native); off keeps GUI clients "
                    + "quiet."),
    MEMORY("nl2sql.memory", "on", List.of("on", "off"),
            "on: questions use what was taught for the database (NL TEACH, NL NOTE): a question taught before is "
                    + "answered with its SQL, similar ones get taught pairs as examples and notes in the prompt. "
                    + "off: questions ignore the memory and teaching is refused."),
    MEMORY_URL("nl2sql.memoryUrl", null,
            "JDBC URL of the store of taught pairs and notes, such as a PostgreSQL database a team shares "
                    + "(credentials in the URL). Default: an H2 file under ~/.nl2sql/memory."),
    MEMORY_EXAMPLES("nl2sql.memoryExamples", "3",
            "Most taught pairs put into a question's prompt as examples (the most similar ones). 0: none."),
    MEMORY_PROMPT_CHARS("nl2sql.memoryPromptChars", "2000",
            "Most characters of taught examples and notes in a question's prompt."),
    CONVERSATION("nl2sql.conversation", "on", List.of("on", "off"),
            "on: a question may refer to the earlier questions on the same connection (\"and only those from "
                    + "France?\"): the last answered ones and their SQL go into its prompt. NL NEW: <question> starts "
                    + "afresh. off: every question stands alone."),
    CONVERSATION_TURNS("nl2sql.conversationTurns", "3",
            "Most earlier questions (with their SQL) that a question's prompt holds (1-50)."),
    CONVERSATION_CHARS("nl2sql.conversationChars", "2000",
            "Most characters of earlier questions and their SQL in a question's prompt; the oldest are left out first."),
    DELEGATE_DRIVER("nl2sql.delegateDriver", null,
            "Class name of the wrapped JDBC driver. Needed only where the host loads drivers in their own class "
                    + "loader and the wrapped driver is not found by URL (for example org.postgresql.Driver).");

    /** Prefix of every property that belongs to this driver rather than to the wrapped one. */
    public static final String PREFIX = "nl2sql.";

    private final String key;
    private final String defaultValue;
    private final List<String> choices;
    private final String description;

    DriverProperty(String key, String defaultValue, String description) {
        this(key, defaultValue, List.of(), description);
    }

    /** An enumerated setting: its default, where it has one, is its first choice (what getChoice assumes). */
    DriverProperty(String key, String defaultValue, List<String> choices, String description) {
        if (!choices.isEmpty() && defaultValue != null && !defaultValue.equals(choices.get(0))) {
            throw new IllegalArgumentException(key + ": the default must be the first choice");
        }
        this.key = key;
        this.defaultValue = defaultValue;
        this.choices = List.copyOf(choices);
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /**
     * The values an enumerated setting accepts, in lower case; empty for free-form settings. The one list both
     * {@link DriverConfig#getChoice} checks values against and {@code getPropertyInfo} offers as a drop-down.
     */
    public List<String> choices() {
        return choices;
    }

    /** {@code nl2sql.gpuLayers} → {@code NL2SQL_GPU_LAYERS}. */
    public String environmentVariable() {
        return key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
