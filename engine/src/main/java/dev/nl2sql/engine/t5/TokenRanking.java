package dev.nl2sql.engine.t5;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * A beam's tokens from the likeliest down, selected a batch at a time instead of sorting the whole vocabulary at
 * every step. A search mostly reads a few dozen tokens of a 32k ranking (a trained model's first choices pass the
 * checker); a full sort cost as much as the checks. Each batch is one pass over the scores keeping the best
 * {@code n} not yet returned in a bounded heap, and batches grow fourfold, so reading the whole ranking still costs
 * only a handful of passes.
 *
 * <p>The order is total: higher score first, ties by lower token id, NaN after everything (a NaN score is no
 * evidence for a token). {@link #order} is the same order, for the tests' full sort.
 */
final class TokenRanking implements PrimitiveIterator.OfInt {

    /** The first batch: about what a beam reads when the model agrees with the checker. */
    static final int FIRST_BATCH = 64;

    private final float[] scores;
    private final int limit;
    /** The current batch as order keys, ascending; {@code at} is the next to return. */
    private long[] batch = new long[0];
    private int at;
    private int returned;
    private int nextBatch = FIRST_BATCH;

    /** The tokens {@code 0 .. limit-1} of these scores, likeliest first. */
    TokenRanking(float[] scores, int limit) {
        if (limit < 0 || limit > scores.length) {
            throw new IllegalArgumentException("limit " + limit + " outside 0.." + scores.length);
        }
        this.scores = scores;
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        return returned < limit;
    }

    @Override
    public int nextInt() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (at == batch.length) {
            long after = batch.length == 0 ? Long.MIN_VALUE : batch[batch.length - 1];
            batch = select(after, Math.min(nextBatch, limit - returned), batch.length == 0);
            at = 0;
            nextBatch = nextBatch >= limit / 4 ? limit : nextBatch * 4;
        }
        returned++;
        return (int) batch[at++];
    }

    /** The {@code n} smallest keys above {@code after} (all keys when {@code first}), ascending. */
    private long[] select(long after, int n, boolean first) {
        long[] heap = new long[n]; // a max-heap: its root is the worst key kept so far
        int size = 0;
        for (int i = 0; i < limit; i++) {
            long key = order(scores[i], i);
            if (!first && key <= after) {
                continue;
            }
            if (size < n) {
                heap[size] = key;
                siftUp(heap, size++);
            } else if (key < heap[0]) {
                heap[0] = key;
                siftDown(heap, n);
            }
        }
        long[] sorted = size == n ? heap : Arrays.copyOf(heap, size);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * The order key of a token: ascending keys are descending scores, then ascending ids. The score's bits are made
     * to sort as signed integers in the order of {@link Float#compare}, then negated; the id fills the low half.
     */
    static long order(float score, int token) {
        int rank;
        if (Float.isNaN(score)) {
            rank = Integer.MAX_VALUE;
        } else {
            int bits = Float.floatToRawIntBits(score);
            rank = ~(bits >= 0 ? bits : bits ^ 0x7fffffff);
        }
        return ((long) rank << 32) | (token & 0xffffffffL);
    }

    private static void siftUp(long[] heap, int i) {
        long key = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private static void siftDown(long[] heap, int size) {
        long key = heap[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= key) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = key;
    }
}
