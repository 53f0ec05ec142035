package dev.nl2sql.engine;

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
 */
public record Translation(String question, String sql, String modelSql, String model, long generationMillis,
        int promptTokens, int generatedTokens, int attempts, int candidate) {

    /** This translation, with the time, tokens and attempts of earlier ones for the same question added. */
    public Translation after(long earlierMillis, int earlierGeneratedTokens, int earlierAttempts) {
        return new Translation(question, sql, modelSql, model, generationMillis + earlierMillis, promptTokens,
                generatedTokens + earlierGeneratedTokens, attempts + earlierAttempts, candidate);
    }
}
