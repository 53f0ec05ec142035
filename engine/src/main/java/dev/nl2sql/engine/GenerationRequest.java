package dev.nl2sql.engine;

import dev.nl2sql.engine.linking.ValueMatch;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.picard.schema.DbSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * One question for a generator: the system prompt (instructions and the schema), the question, the grammar that
 * constrains the output (GBNF, already checked), the question's deadline and cancel switch, what went wrong with the
 * earlier attempts at this question (empty on the first), and which candidate is wanted (for generators that hold
 * several answers, such as a replay file or a beam; 0 is the best), and the database it is asked of, for
 * generators that describe the schema in their own way (T5), and the earlier turns of the conversation the question
 * may refer to (empty for a first question).
 */
public record GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control,
        List<Feedback> feedback, int candidate, Database database, Conversation conversation) {

    public GenerationRequest {
        feedback = List.copyOf(feedback);
        conversation = conversation == null ? Conversation.NONE : conversation;
    }

    /** A request outside any conversation. */
    public GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control,
            List<Feedback> feedback, int candidate, Database database) {
        this(systemPrompt, question, grammar, control, feedback, candidate, database, Conversation.NONE);
    }

    /** A request without the database (generators that need only the prompt). */
    public GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control,
            List<Feedback> feedback, int candidate) {
        this(systemPrompt, question, grammar, control, feedback, candidate, null);
    }

    /** A first attempt. */
    public GenerationRequest(String systemPrompt, String question, String grammar, GenerationControl control) {
        this(systemPrompt, question, grammar, control, List.of(), 0);
    }

    /** The same question under another grammar. */
    public GenerationRequest withGrammar(String otherGrammar) {
        return new GenerationRequest(systemPrompt, question, otherGrammar, control, feedback, candidate, database,
                conversation);
    }

    /** The same question, asking for another of the generator's candidates. */
    public GenerationRequest withCandidate(int other) {
        return new GenerationRequest(systemPrompt, question, grammar, control, feedback, other, database, conversation);
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

    /**
     * The chat after the system prompt: each earlier turn as the user's question and the assistant's SQL, then this
     * question ({@link #userMessage}). Chat models are tuned on such multi-turn dialogues, so they read "those" and
     * "them" against the turns before, and the earlier answers show once more that the reply is one query alone.
     */
    public List<ChatMessage> chat() {
        List<ChatMessage> chat = new ArrayList<>(2 * conversation.turns().size() + 1);
        for (Conversation.Turn turn : conversation.turns()) {
            chat.add(new ChatMessage("user", turn.question()));
            chat.add(new ChatMessage("assistant", turn.sql()));
        }
        chat.add(new ChatMessage("user", userMessage()));
        return chat;
    }

    /** One message of a chat: its role ({@code user}, {@code assistant}) and text. */
    public record ChatMessage(String role, String content) {
    }

    /**
     * The database a question is asked of.
     *
     * @param key       which database it is: the JDBC URL without credentials, and the user (the schema cache's key)
     * @param snapshot  the whole schema, which the answer may use
     * @param described the tables and columns chosen for the question (the whole schema in the baseline pipeline)
     * @param values    the database values the question names, best first
     */
    public record Database(String key, SchemaSnapshot snapshot, DbSchema described, List<ValueMatch> values) {

        public Database {
            values = List.copyOf(values);
        }
    }

    /** An earlier attempt: the SQL that was tried and what went wrong with it ("failed: no such column: x"). */
    public record Feedback(String sql, String problem) {
    }
}
