package dev.nl2sql.engine;

import java.util.List;

/**
 * One question for a generator: the system prompt (instructions and the schema), the question, the grammar that
 * constrains the output (GBNF, already checked), the question's deadline and cancel switch, what went wrong with the
 * earlier attempts at this question (empty on the first), and which candidate is wanted (for generators that hold
 * several answers, such as a replay file or a beam; 0 is the best).
 */
public record GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control,
        List<Feedback> feedback, int candidate) {

    public GenerationRequest {
        feedback = List.copyOf(feedback);
    }

    /** A first attempt. */
    public GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control) {
        this(systemPrompt, question, grammar, control, List.of(), 0);
    }

    /** The same question under another grammar. */
    public GenerationRequest withGrammar(String otherGrammar) {
        return new GenerationRequest(systemPrompt, question, otherGrammar, control, feedback, candidate);
    }

    /**
     * What a chat model is asked: the question, then what went wrong with its earlier queries, so that it can correct
     * itself (self-correction; the database's error message names the column or function it did not know).
     */
    public String userMessage() {
        if (feedback.isEmpty()) {
            return question;
        }
        StringBuilder sb = new StringBuilder(question);
        for (Feedback f : feedback) {
            sb.append("\n\nThis query ").append(f.problem()).append(":\n").append(f.sql());
        }
        return sb.append("\n\nWrite a different query that answers the question.").toString();
    }

    /** An earlier attempt: the SQL that was tried and what went wrong with it ("failed: no such column: x"). */
    public record Feedback(String sql, String problem) {
    }
}
