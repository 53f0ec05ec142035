package dev.nl2sql.engine.t5;

import java.util.Arrays;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;

/** The reference order of a beam's tokens, by sorting them all: higher score first, ties by id, NaN last. */
final class FullSortRanking {

    private FullSortRanking() {
    }

    static int[] sorted(float[] scores, int limit) {
        Integer[] ids = IntStream.range(0, limit).boxed().toArray(Integer[]::new);
        Arrays.sort(ids, (a, b) -> {
            float x = scores[a];
            float y = scores[b];
            if (Float.isNaN(x) != Float.isNaN(y)) {
                return Float.isNaN(x) ? 1 : -1;
            }
            int byScore = Float.isNaN(x) ? 0 : Float.compare(y, x);
            return byScore != 0 ? byScore : Integer.compare(a, b);
        });
        return Arrays.stream(ids).mapToInt(Integer::intValue).toArray();
    }

    static PrimitiveIterator.OfInt rank(float[] scores, int limit) {
        return Arrays.stream(sorted(scores, limit)).iterator();
    }
}
