package dev.nl2sql.engine;

import java.nio.file.Path;

/**
 * The engine's settings, as the driver resolved them from its {@code nl2sql.*} properties.
 *
 * @param engine            which generator: {@code llama} (a local GGUF model)
 * @param model             a GGUF file path or a catalogue id; null when none was given
 * @param modelsDir         where catalogue models are downloaded to and looked up in
 * @param chatTemplate      a llama.cpp template name (llama3, chatml, gemma, ...) to use instead of the model's own;
 *                          null for the model's own
 * @param gpuLayers         layers offloaded to the GPU (CUDA builds of the native library); 0 for CPU only
 * @param threads           CPU threads for generation
 * @param contextSize       tokens of context: the prompt plus the answer must fit
 * @param temperature       sampling temperature; 0 is greedy and repeatable
 * @param maxTokens         most tokens the model may write for one query
 * @param maxConcurrent     questions one loaded model works on at once; more wait their turn
 * @param schemaPromptChars most characters of schema description in the prompt
 * @param maxQuestionChars  longest question accepted
 * @param server            the shared model server, for {@code engine=server}; null otherwise
 * @param replayFile        for {@code engine=replay}: the file of question&lt;TAB&gt;SQL lines; null otherwise
 * @param nativeLog         llama.cpp's own log through SLF4J ({@code dev.nl2sql.engine.llama.native}); off by default,
 *                          so that GUI clients get no console noise
 * @param pipeline          what surrounds the model: the full pipeline or the naive baseline prompt
 * @param attempts          most SQL candidates tried for one question (execution-guided choice); at least 1
 * @param t5                for {@code engine=t5}: the beam search and where the model runs
 * @param loraAdapter       for {@code engine=llama}: a llama.cpp LoRA adapter applied to the model at load time;
 *                          null for none
 */
public record EngineSettings(String engine, String model, Path modelsDir, String chatTemplate, int gpuLayers,
        int threads, int contextSize, float temperature, int maxTokens, int maxConcurrent, int schemaPromptChars,
        int maxQuestionChars, Server server, Path replayFile, boolean nativeLog, Pipeline pipeline, int attempts,
        T5 t5, LoraAdapter loraAdapter) {

    /** Settings without a LoRA adapter. */
    public EngineSettings(String engine, String model, Path modelsDir, String chatTemplate, int gpuLayers,
            int threads, int contextSize, float temperature, int maxTokens, int maxConcurrent, int schemaPromptChars,
            int maxQuestionChars, Server server, Path replayFile, boolean nativeLog, Pipeline pipeline,
            int attempts, T5 t5) {
        this(engine, model, modelsDir, chatTemplate, gpuLayers, threads, contextSize, temperature, maxTokens,
                maxConcurrent, schemaPromptChars, maxQuestionChars, server, replayFile, nativeLog, pipeline, attempts,
                t5, null);
    }

    /** Settings without T5 ones: T5's defaults. */
    public EngineSettings(String engine, String model, Path modelsDir, String chatTemplate, int gpuLayers,
            int threads, int contextSize, float temperature, int maxTokens, int maxConcurrent, int schemaPromptChars,
            int maxQuestionChars, Server server, Path replayFile, boolean nativeLog, Pipeline pipeline,
            int attempts) {
        this(engine, model, modelsDir, chatTemplate, gpuLayers, threads, contextSize, temperature, maxTokens,
                maxConcurrent, schemaPromptChars, maxQuestionChars, server, replayFile, nativeLog, pipeline, attempts,
                T5.DEFAULTS);
    }

    /**
     * A T5 model's beam search and placement.
     *
     * @param beams          beams of the search; the finished ones are the question's candidates
     * @param topK           tokens per beam and step that must pass the PICARD check to go on
     * @param device         {@code auto} (the GPU when PyTorch sees one), {@code cpu} or {@code gpu}
     * @param precision      {@code fp32}, {@code fp16} or {@code mixed} (see {@code T5Precision})
     * @param maxInputTokens longest input (question and schema) in tokens; longer ones are cut, as in training
     * @param adapter        a LoRA adapter trained on the checkpoint (its folder, adapter.json or
     *                       adapter.safetensors), merged into the weights at load; null for none
     */
    public record T5(int beams, int topK, String device, String precision, int maxInputTokens, String adapter) {

        public static final T5 DEFAULTS = new T5(4, 4, "auto", "fp32", 512, null);

        /** Without an adapter. */
        public T5(int beams, int topK, String device, String precision, int maxInputTokens) {
            this(beams, topK, device, precision, maxInputTokens, null);
        }
    }

    /**
     * A LoRA adapter in llama.cpp's GGUF form (written by its {@code convert_lora_to_gguf.py}).
     *
     * @param file  the adapter file
     * @param scale how strongly it applies: 1 as trained, 0 not at all, negative to subtract it
     */
    public record LoraAdapter(Path file, float scale) {
    }

    /** What surrounds the model. */
    public enum Pipeline {
        /** Schema linking, value matching, instructions, execution-guided choice and self-correction. */
        FULL,
        /** The original design's naive prompt ("Schema: ... User Query: ... Generate SQL:"), whole schema, one try. */
        BASELINE
    }

    /**
     * An OpenAI-compatible model server shared by many clients.
     *
     * @param url          the API base, such as {@code http://gpu-box:8080/v1}
     * @param model        the model name the server expects (llama.cpp's server takes any)
     * @param apiKey       a bearer token, or null
     * @param grammarField where the request carries the schema grammar: {@code grammar} (llama.cpp's server),
     *                     {@code guided_grammar} (vLLM), or {@code none} (servers without grammars, such as Ollama's
     *                     OpenAI API: the answer is still checked by Calcite, but nothing constrains it)
     */
    public record Server(String url, String model, String apiKey, String grammarField) {
    }
}
