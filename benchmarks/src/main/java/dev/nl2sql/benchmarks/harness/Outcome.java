package dev.nl2sql.benchmarks.harness;

/**
 * One question answered under one pipeline.
 *
 * @param valid whether the SQL the driver wrote ran without error (an SQLException, a timeout included, is invalid)
 * @param correct whether its result equals the gold result ({@link ResultComparison})
 * @param latencyNanos wall-clock time of {@code executeQuery} plus reading every row (or until the error)
 * @param sql the SQL that ran, from {@code NlAnswerWarning.sql()}; null when the driver reported none
 * @param reason why the answer is wrong: the error's first line, or how the results differ; empty when correct
 * @param promptTokens from the driver's answer warning; -1 when it reported none (so for attempts and the rest)
 * @param sqlState the SQLState of the driver's SQLException; null when it answered
 */
public record Outcome(SpiderDataset.Question question, boolean valid, boolean correct, long latencyNanos, String sql,
        String reason, int promptTokens, int generatedTokens, int attempts, long generationMillis, String model,
        int rows, String sqlState) {

    public Outcome(SpiderDataset.Question question, boolean valid, boolean correct, long latencyNanos, String sql,
            String reason, int promptTokens, int generatedTokens, int attempts, long generationMillis, String model,
            int rows) {
        this(question, valid, correct, latencyNanos, sql, reason, promptTokens, generatedTokens, attempts,
                generationMillis, model, rows, null);
    }

    Outcome withSqlState(String state) {
        return new Outcome(question, valid, correct, latencyNanos, sql, reason, promptTokens, generatedTokens,
                attempts, generationMillis, model, rows, state);
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }

    public boolean reportedCost() {
        return attempts >= 0;
    }
}
