package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batched partial selection gives exactly the order of a full sort, ties, NaN and infinities included. */
class TokenRankingTest {

    private static int[] drain(TokenRanking ranking, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ranking.nextInt();
        }
        return out;
    }

    @Test
    void randomScoresComeOutInTheFullSortsOrderToTheLastToken() {
        Random random = new Random(22);
        for (int round = 0; round < 200; round++) {
            int size = 1 + random.nextInt(round < 150 ? 300 : 40_000);
            float[] scores = new float[size];
            for (int i = 0; i < size; i++) {
                scores[i] = switch (random.nextInt(12)) {
                    case 0 -> Float.NaN;
                    case 1 -> Float.NEGATIVE_INFINITY;
                    case 2 -> Float.POSITIVE_INFINITY;
                    case 3 -> -0.0f;
                    case 4 -> 0.0f;
                    case 5, 6 -> -random.nextInt(4); // many exact ties
                    default -> (float) (random.nextGaussian() * 10);
                };
            }
            int limit = random.nextBoolean() ? size : random.nextInt(size + 1);
            TokenRanking ranking = new TokenRanking(scores, limit);
            assertArrayEquals(FullSortRanking.sorted(scores, limit), drain(ranking, limit), "round " + round);
            assertFalse(ranking.hasNext());
            assertThrows(NoSuchElementException.class, ranking::nextInt);
        }
    }

    @Test
    void tiesGoByTokenIdAndNanComesAfterMinusInfinity() {
        float[] scores = {Float.NaN, -1f, Float.NEGATIVE_INFINITY, 2f, -1f, 2f, Float.POSITIVE_INFINITY, 0f, -0.0f};
        assertArrayEquals(new int[] {6, 3, 5, 7, 8, 1, 4, 2, 0}, drain(new TokenRanking(scores, 9), 9));
    }

    @Test
    void onlyTheTokensBelowTheLimitAreRanked() {
        float[] scores = {1f, 5f, 3f, 9f, 7f};
        assertArrayEquals(new int[] {1, 2, 0}, drain(new TokenRanking(scores, 3), 3));
        assertFalse(new TokenRanking(scores, 0).hasNext());
        assertThrows(IllegalArgumentException.class, () -> new TokenRanking(scores, 6));
    }

    @Test
    void aBeamThatReadsPastTheFirstBatchGetsTheRestInOrder() {
        float[] scores = new float[32_128];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 7919) % 1000; // 1,000 distinct scores, 32 ties each
        }
        TokenRanking ranking = new TokenRanking(scores, scores.length);
        int[] all = drain(ranking, scores.length);
        assertArrayEquals(FullSortRanking.sorted(scores, scores.length), all);
    }
}
