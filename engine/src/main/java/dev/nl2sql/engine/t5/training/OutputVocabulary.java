package dev.nl2sql.engine.t5.training;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The output tokens one training step scores, for a sampled softmax (Jean et al., 2015): every token of the training
 * targets, then a fresh draw of other vocabulary tokens each step, so that their logits are pushed down too. A small
 * model's output layer is most of its cost (a 32k-row product per target token); a database's targets use a few
 * hundred tokens.
 *
 * <p>The draw depends on the seed and the step alone, so a resumed run scores the same tokens.
 */
final class OutputVocabulary {

    private final long[] targetTokens;
    /** Each vocabulary token's position in a step's ids, or -1 for a token outside the targets. */
    private final int[] position;
    private final int negatives;
    private final long seed;

    private OutputVocabulary(long[] targetTokens, int vocabSize, int negatives, long seed) {
        this.targetTokens = targetTokens;
        this.position = new int[vocabSize];
        Arrays.fill(position, -1);
        for (int i = 0; i < targetTokens.length; i++) {
            position[(int) targetTokens[i]] = i;
        }
        this.negatives = negatives;
        this.seed = seed;
    }

    /**
     * The sampled vocabulary of a training set, or null (the whole vocabulary) when {@code negatives} is 0 or the
     * targets and the draw would cover most of the vocabulary anyway.
     */
    static OutputVocabulary of(List<TrainingPair> train, int vocabSize, int negatives, long seed) {
        if (negatives <= 0) {
            return null;
        }
        long[] tokens = train.stream().flatMapToLong(p -> Arrays.stream(p.target())).distinct().sorted().toArray();
        if (tokens.length + negatives >= vocabSize / 2) {
            return null;
        }
        return new OutputVocabulary(tokens, vocabSize, negatives, seed);
    }

    /** Tokens of the training targets. */
    int targetTokens() {
        return targetTokens.length;
    }

    /** The ids step {@code step} scores: the target tokens (fixed positions), then its draw of others. */
    long[] idsForStep(long step) {
        long[] ids = Arrays.copyOf(targetTokens, targetTokens.length + negatives);
        boolean[] taken = new boolean[position.length];
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
        for (int n = targetTokens.length; n < ids.length; ) {
            int id = random.nextInt(position.length);
            if (position[id] < 0 && !taken[id]) {
                taken[id] = true;
                ids[n++] = id;
            }
        }
        return ids;
    }

    /** Where a target token sits in every step's ids. */
    int positionOf(long targetToken) {
        int at = position[(int) targetToken];
        if (at < 0) {
            throw new IllegalArgumentException("token " + targetToken + " is not one of the training targets'");
        }
        return at;
    }
}
