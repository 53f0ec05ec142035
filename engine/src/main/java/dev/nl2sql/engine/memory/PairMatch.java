package dev.nl2sql.engine.memory;

import java.util.Objects;

/**
 * A taught pair found for a question, with its similarity in [0, 1]: 1 only for a pair whose question is the same
 * question ({@link PairIndex#nearExact}), below 1 for every other.
 */
public record PairMatch(TaughtPair pair, double score) {

    public PairMatch {
        Objects.requireNonNull(pair, "pair");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], not " + score);
        }
    }
}
