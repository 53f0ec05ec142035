package dev.nl2sql.picard.grammar;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Earley items at one position of the text, each packed as {@code dottedItem << 32 | origin}, in the order they
 * were added (the recognizer walks this list as its work queue), with the items that wait on each rule indexed so
 * that completing a rule finds them without a scan.
 */
final class EarleySet {

    private long[] items = new long[32];
    private int size;
    private final LongHashSet seen = new LongHashSet();
    private final Map<Integer, Waiters> waiting = new HashMap<>();

    static long item(int dotted, int origin) {
        return ((long) dotted << 32) | origin;
    }

    static int dotted(long item) {
        return (int) (item >>> 32);
    }

    static int origin(long item) {
        return (int) item;
    }

    /** Adds the item unless present; true if it is new. */
    boolean add(long item) {
        if (!seen.add(item)) {
            return false;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = item;
        return true;
    }

    boolean contains(long item) {
        return seen.contains(item);
    }

    int size() {
        return size;
    }

    long get(int index) {
        return items[index];
    }

    /** Records that the item waits for the rule (its dot stands before it). */
    void addWaiting(int rule, long item) {
        waiting.computeIfAbsent(rule, r -> new Waiters()).add(item);
    }

    int waitingCount(int rule) {
        Waiters w = waiting.get(rule);
        return w == null ? 0 : w.size;
    }

    long waitingItem(int rule, int index) {
        return waiting.get(rule).items[index];
    }

    private static final class Waiters {
        long[] items = new long[4];
        int size;

        void add(long item) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }
    }
}
