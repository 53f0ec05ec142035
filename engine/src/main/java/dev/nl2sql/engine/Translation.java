package dev.nl2sql.engine;

import java.util.List;

/**
 * A question turned into SQL that has been checked against the schema and written in the database's dialect.
 *
 * @param question        the question as asked
 * @param sql             the SQL that runs: checked and re-rendered, never the model's raw text
 * @param modelSql        what the model wrote
 * @param model           the model's name
 * @param generationMillis time spent writing the SQL, all attempts together
 * @param promptTokens     tokens of the prompt of the attempt that was used
 * @param generatedTokens  tokens written, all attempts together
 * @param attempts         answers generated for the question, this one included (a refused answer, a retry under
 *                         the safe grammar, execution-guided attempts)
 * @param candidate        which of the generator's candidates this is (0: its first), so that the next attempt can ask
 *                         for the one after it
 * @param linking          what the prompt described: the tables, columns and values linking chose
 * @param memory           what was taught that the answer used: pairs and notes in the prompt, or the pair it came from
 * @param conversation     the earlier turns that went into the prompt (empty for a first question or a taught answer)
 */
public record Translation(String question, String sql, String modelSql, String model, long generationMillis,
        int promptTokens, int generatedTokens, int attempts, int candidate, Linking linking, Memory memory,
        Conversation conversation) {

    /** The model name of answers that are a taught pair's SQL rather than a model's. */
    public static final String FROM_MEMORY = "nl2sql memory";

    public Translation {
        linking = linking == null ? Linking.NONE : linking;
        memory = memory == null ? Memory.NONE : memory;
        conversation = conversation == null ? Conversation.NONE : conversation;
    }

    public Translation(String question, String sql, String modelSql, String model, long generationMillis,
            int promptTokens, int generatedTokens, int attempts, int candidate, Linking linking, Memory memory) {
        this(question, sql, modelSql, model, generationMillis, promptTokens, generatedTokens, attempts, candidate,
                linking, memory, Conversation.NONE);
    }

    public Translation(String question, String sql, String modelSql, String model, long generationMillis,
            int promptTokens, int generatedTokens, int attempts, int candidate, Linking linking) {
        this(question, sql, modelSql, model, generationMillis, promptTokens, generatedTokens, attempts, candidate,
                linking, Memory.NONE);
    }

    /** A translation without linking details. */
    public Translation(String question, String sql, String modelSql, String model, long generationMillis,
            int promptTokens, int generatedTokens, int attempts, int candidate) {
        this(question, sql, modelSql, model, generationMillis, promptTokens, generatedTokens, attempts, candidate,
                Linking.NONE);
    }

    public Translation withLinking(Linking linking) {
        return new Translation(question, sql, modelSql, model, generationMillis, promptTokens, generatedTokens,
                attempts, candidate, linking, memory, conversation);
    }

    public Translation withMemory(Memory used) {
        return new Translation(question, sql, modelSql, model, generationMillis, promptTokens, generatedTokens,
                attempts, candidate, linking, used, conversation);
    }

    public Translation withConversation(Conversation used) {
        return new Translation(question, sql, modelSql, model, generationMillis, promptTokens, generatedTokens,
                attempts, candidate, linking, memory, used);
    }

    /** Whether the SQL is a taught pair's (checked like any other), not a model's. */
    public boolean fromMemory() {
        return memory.answered();
    }

    /** This translation, with the time, tokens and attempts of earlier ones for the same question added. */
    public Translation after(long earlierMillis, int earlierGeneratedTokens, int earlierAttempts) {
        return new Translation(question, sql, modelSql, model, generationMillis + earlierMillis, promptTokens,
                generatedTokens + earlierGeneratedTokens, attempts + earlierAttempts, candidate, linking, memory,
                conversation);
    }

    /**
     * What was taught that a question used.
     *
     * @param pairs    ids of the taught pairs shown as examples, or the one whose SQL is the answer
     * @param notes    ids of the notes in the prompt
     * @param answered whether the answer is that pair's SQL (a near-exact match of a taught question)
     */
    public record Memory(List<Long> pairs, List<Long> notes, boolean answered) {

        public static final Memory NONE = new Memory(List.of(), List.of(), false);

        public Memory {
            pairs = List.copyOf(pairs);
            notes = List.copyOf(notes);
        }
    }

    /**
     * What the prompt held for this question.
     *
     * @param tables      tables described, as stored (empty where nothing was linked: the baseline pipeline)
     * @param columns     columns described, as {@code table.column}
     * @param values      database values named in the question, as {@code table.column = 'value'}
     * @param millis      time linking took (value matching, ranking, rendering); the value index's first read is
     *                    not part of it
     * @param promptChars characters of the prompt: instructions, schema, values and question, before the chat template
     */
    public record Linking(List<String> tables, List<String> columns, List<String> values, double millis,
            int promptChars) {

        public static final Linking NONE = new Linking(List.of(), List.of(), List.of(), 0, 0);

        public Linking {
            tables = List.copyOf(tables);
            columns = List.copyOf(columns);
            values = List.copyOf(values);
        }
    }
}
