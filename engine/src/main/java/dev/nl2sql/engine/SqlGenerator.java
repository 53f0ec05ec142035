package dev.nl2sql.engine;

import java.sql.SQLException;

/**
 * Something that writes SQL for a question: a local GGUF model through llama.cpp, a PICARD T5 checkpoint through
 * PyTorch, a shared model server, or a replay file. Implementations are shared by all connections and must be
 * thread-safe.
 */
public interface SqlGenerator {

    /** A short name of the model, as EXPLAIN NL: reports it. */
    String modelName();

    Generation generate(GenerationRequest request) throws SQLException;

    /** Whether the generator writes under the request's grammar; a retry under another grammar is futile if not. */
    default boolean followsGrammar() {
        return true;
    }

    /**
     * Whether the request's candidate exists. Generators that hold a fixed list of answers (a replay file, a beam)
     * say no past its end; a model can always be asked again (with the feedback of the request).
     */
    default boolean hasCandidate(GenerationRequest request) {
        return true;
    }

    /** False once the generator must not be used again (its model file changed); a new one is made for the next question. */
    default boolean isUsable() {
        return true;
    }
}
