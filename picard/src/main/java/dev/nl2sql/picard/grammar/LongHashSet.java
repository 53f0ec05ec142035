package dev.nl2sql.picard.grammar;

import java.util.Arrays;

/** A set of non-negative longs without boxing: the Earley chart adds hundreds of thousands of items per text. */
final class LongHashSet {

    private static final long FREE = -1L;

    private long[] slots = new long[16];
    private int size;

    LongHashSet() {
        Arrays.fill(slots, FREE);
    }

    /** Adds the value; true if it was not there yet. */
    boolean add(long value) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (!insert(slots, value)) {
            return false;
        }
        size++;
        return true;
    }

    boolean contains(long value) {
        int mask = slots.length - 1;
        for (int i = hash(value) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == value) {
                return true;
            }
            if (slots[i] == FREE) {
                return false;
            }
        }
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        for (int i = hash(value) & mask; ; i = (i + 1) & mask) {
            if (table[i] == value) {
                return false;
            }
            if (table[i] == FREE) {
                table[i] = value;
                return true;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        Arrays.fill(bigger, FREE);
        if (size > 0) {
            for (long v : slots) {
                if (v != FREE) {
                    insert(bigger, v);
                }
            }
        }
        slots = bigger;
    }

    private static int hash(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
