package dev.nl2sql.engine;

/**
 * How long a question keeps a model busy, learnt from the recent turns at it: an exponentially weighted mean of one
 * turn's duration (one generation, slot taken to slot given back), and how many turns a question takes (a question may
 * ask again with feedback, up to {@code nl2sql.attempts}). Not thread-safe: {@link ModelSlots} uses it under its lock.
 */
final class ModelTurnTimes {

    /** Turns measured before an estimate is trusted: a model just loaded refuses no one. */
    static final int MIN_SAMPLES = 3;
    /** Weight of the newest turn in the mean: recent load counts most, one odd turn does not swing it. */
    private static final double WEIGHT = 0.2;
    /** Per turn, older counts of turns and questions fade by this factor, so the ratio follows recent questions. */
    private static final double FADE = 0.95;

    private double meanTurnNanos;
    private int samples;
    private double turns;
    private double questions;

    /** A turn was granted; {@code firstOfQuestion} when the question never had the model before. */
    void started(boolean firstOfQuestion) {
        turns = turns * FADE + 1;
        questions = questions * FADE + (firstOfQuestion ? 1 : 0);
    }

    /** A turn ended after holding the model this long. */
    void finished(long heldNanos) {
        long held = Math.max(0, heldNanos);
        meanTurnNanos = samples == 0 ? held : meanTurnNanos + WEIGHT * (held - meanTurnNanos);
        samples++;
    }

    /** Whether enough turns were measured to estimate from. */
    boolean known() {
        return samples >= MIN_SAMPLES;
    }

    double turnNanos() {
        return meanTurnNanos;
    }

    /** Turns a question takes on average lately; at least one. */
    double turnsPerQuestion() {
        return questions <= 0 ? 1 : Math.max(1, turns / questions);
    }

    /** What a question that already had {@code turnsTaken} turns still needs: at least one more turn. */
    double remainingNanos(int turnsTaken) {
        return meanTurnNanos * Math.max(1, turnsPerQuestion() - turnsTaken);
    }
}
