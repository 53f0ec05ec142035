package dev.nl2sql.engine.tuning;

import java.util.List;

/** A query written from the schema and its sampled values, with the ways of asking for it, before it is verified. */
record PairCandidate(QueryShape shape, String sql, List<String> questions) {

    PairCandidate {
        questions = List.copyOf(questions);
    }
}
