package dev.nl2sql.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The earlier questions of a conversation that a follow-up question may refer to ("and only those from France?"),
 * each with the checked SQL that answered it, oldest first. Only answered questions are turns; the caller bounds how
 * many and how long (the driver's nl2sql.conversationTurns and nl2sql.conversationChars).
 */
public record Conversation(List<Turn> turns) {

    public static final Conversation NONE = new Conversation(List.of());

    public Conversation {
        turns = List.copyOf(turns);
    }

    public boolean isEmpty() {
        return turns.isEmpty();
    }

    /** The earlier questions, most recent first: the order PICARD's CoSQL input lists them in, and linking weighs. */
    public List<String> questionsMostRecentFirst() {
        List<String> questions = new ArrayList<>(turns.size());
        for (int i = turns.size() - 1; i >= 0; i--) {
            questions.add(turns.get(i).question());
        }
        return questions;
    }

    /** Characters of the earlier questions and their SQL: what the conversation adds to a prompt, before templates. */
    public int chars() {
        return turns.stream().mapToInt(t -> t.question().length() + t.sql().length()).sum();
    }

    /** The turns one per line, {@code question => SQL}, oldest first (as EXPLAIN NL: shows them). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Turn turn : turns) {
            // one line per turn: rendered SQL may span lines, and a question may hold line breaks
            sb.append(sb.isEmpty() ? "" : "\n").append(oneLine(turn.question())).append(" => ")
                    .append(oneLine(turn.sql()));
        }
        return sb.toString();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** One answered question and the checked SQL that ran for it. */
    public record Turn(String question, String sql) {
    }
}
