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
 * @param attempts         candidates the model wrote before this one was chosen, this one included
 */
public record Translation(String question, String sql, String modelSql, String model, long generationMillis,
        int promptTokens, int generatedTokens, int attempts) {
}
