package dev.nl2sql.engine.tuning;

import java.util.Objects;

/**
 * One question and the SQL that answers it.
 *
 * @param question the question in plain language
 * @param sql      the SQL as the model should write it (the schema's names, lower-case keywords); it passed the
 *                 checker and ran on the database
 * @param shape    what kind of query it is
 * @param group    the query's group: paraphrases of one query share it, and a split keeps a group on one side
 */
public record TrainingPair(String question, String sql, QueryShape shape, String group) {

    public TrainingPair {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(group, "group");
    }
}
