package dev.nl2sql.engine.memory;

/** A taught pair found for a question, with how similar its question is (higher is closer). */
public record PairMatch(TaughtPair pair, double score) {
}
