package dev.nl2sql.engine;

/**
 * The instructions a chat model gets before the question. Short and literal: small local models follow plain
 * imperative sentences best, and the grammar, not the prompt, is what keeps the output to one valid query.
 */
public final class SqlPrompt {

    private static final String BASELINE_QUESTION = "\nUser Query: ";
    private static final String BASELINE_END = "\nGenerate SQL:";
    private static final String FOLLOW_UP = "The question may refer to the earlier questions and their queries: "
            + "carry over their tables, conditions and order unless the question changes them.\n";

    private SqlPrompt() {
    }

    /**
     * The instructions and the schema; in a conversation ({@code followUp}) one more sentence says that the earlier
     * questions and their queries, sent as earlier turns, may be referred to. A first question's prompt is unchanged.
     */
    static String system(String databaseProduct, String schemaDescription, boolean followUp) {
        return "You translate questions into SQL for a " + databaseProduct + " database.\n"
                + "Reply with exactly one SQL SELECT query and nothing else.\n"
                + (followUp ? FOLLOW_UP : "")
                + "Use only the tables and columns listed below. Join tables on the listed foreign keys.\n"
                + "Text values in examples show how the data is written.\n\n"
                + "Schema:\n" + schemaDescription;
    }

    /**
     * The baseline pipeline's whole prompt, kept to measure what the full pipeline adds: the original design's naive
     * {@code Schema: ... User Query: ... Generate SQL:}, sent as the user turn with no system prompt.
     */
    static String baselineUserTurn(String schemaDescription, String question) {
        return "Schema:\n" + schemaDescription + BASELINE_QUESTION + question + BASELINE_END;
    }

    /**
     * The question inside a user turn: the text itself, or the question of a baseline prompt. Generators that answer
     * by the question rather than by the prompt (replay) use it.
     */
    public static String questionOf(String userTurn) {
        int at = userTurn.lastIndexOf(BASELINE_QUESTION);
        if (userTurn.startsWith("Schema:\n") && at >= 0 && userTurn.endsWith(BASELINE_END)) {
            return userTurn.substring(at + BASELINE_QUESTION.length(), userTurn.length() - BASELINE_END.length());
        }
        return userTurn;
    }
}
