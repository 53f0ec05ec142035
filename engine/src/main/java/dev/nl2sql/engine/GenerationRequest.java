package dev.nl2sql.engine;

/**
 * One question for a generator: the system prompt (instructions and the schema), the question, the grammar that
 * constrains the output (GBNF, already checked), and the question's deadline and cancel switch.
 */
public record GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control) {
}
