package dev.nl2sql.engine.t5.training;

/**
 * One tokenised pair: the serialised question and schema, and the target ({@code db_id | sql}), both ending with the
 * end token.
 */
record TrainingPair(long[] input, long[] target) {

    int tokens() {
        return input.length + target.length;
    }
}
