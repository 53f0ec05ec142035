package dev.nl2sql.engine.linking;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Finds strings within one or two edits of a query without comparing it to every string (the symmetric-deletion
 * scheme of SymSpell): every indexed string is stored under each string that deleting up to d characters from it
 * gives, and a query looks up its own deletions; two strings within d edits share at least one such deletion. The
 * candidates it returns must still be checked with {@link EditDistance}.
 *
 * <p>Each entry is one {@code long}: 40 bits of a hash of the deletion and 24 bits of the string's id, kept sorted,
 * so an index of a million deletions takes 8 MB and a lookup is a binary search. A hash collision only adds a
 * candidate that the distance check then drops.
 */
final class DeletionIndex {

    static final int MAX_ID = (1 << 24) - 1;
    private static final long ID_MASK = MAX_ID;

    private final long[] entries;

    private DeletionIndex(long[] entries) {
        this.entries = entries;
    }

    int size() {
        return entries.length;
    }

    /** Calls {@code candidate} with the id of every indexed string that may be within {@code maxEdits} of {@code query}. */
    void candidates(String query, int maxEdits, IntConsumer candidate) {
        forEachDeletionHash(query, maxEdits, hash -> {
            long key = hash << 24;
            int i = lowerBound(key);
            while (i < entries.length && (entries[i] & ~ID_MASK) == key) {
                candidate.accept((int) (entries[i] & ID_MASK));
                i++;
            }
        });
    }

    private int lowerBound(long key) {
        int lo = 0;
        int hi = entries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(entries[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The hash (40 bits) of {@code s} itself and of every string made by deleting up to {@code maxEdits} characters. */
    static void forEachDeletionHash(String s, int maxEdits, java.util.function.LongConsumer hash) {
        int n = s.length();
        hash.accept(hash(s, -1, -1));
        if (maxEdits >= 1) {
            for (int i = 0; i < n; i++) {
                if (i > 0 && s.charAt(i) == s.charAt(i - 1)) {
                    continue; // deleting either of two equal neighbours gives the same string
                }
                hash.accept(hash(s, i, -1));
            }
        }
        if (maxEdits >= 2) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    hash.accept(hash(s, i, j));
                }
            }
        }
    }

    /** FNV-1a over the characters of {@code s} except positions {@code skipA} and {@code skipB}, cut to 40 bits. */
    private static long hash(String s, int skipA, int skipB) {
        long h = 0xcbf29ce484222325L;
        for (int k = 0; k < s.length(); k++) {
            if (k == skipA || k == skipB) {
                continue;
            }
            h ^= s.charAt(k);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 29;
        return h >>> 24;
    }

    /** Collects entries; {@link #build} sorts them. Stops taking strings once {@code maxEntries} is reached. */
    static final class Builder {
        private final int maxEntries;
        private long[] entries = new long[1024];
        private int size;
        private boolean full;

        Builder(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        /** Indexes {@code s} under id {@code id}; false (and nothing added) when the entry budget would be exceeded. */
        boolean add(String s, int id, int maxEdits) {
            if (full) {
                return false;
            }
            int n = s.length();
            int needed = 1 + (maxEdits >= 1 ? n : 0) + (maxEdits >= 2 ? n * (n - 1) / 2 : 0);
            if (size + needed > maxEntries || id > MAX_ID) {
                full = true;
                return false;
            }
            if (size + needed > entries.length) {
                entries = Arrays.copyOf(entries, Math.max(entries.length * 2, size + needed));
            }
            forEachDeletionHash(s, maxEdits, hash -> entries[size++] = (hash << 24) | id);
            return true;
        }

        boolean isFull() {
            return full;
        }

        DeletionIndex build() {
            long[] sorted = Arrays.copyOf(entries, size);
            // unsigned order, so that the binary search's unsigned comparison agrees with it
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] ^= Long.MIN_VALUE;
            }
            Arrays.sort(sorted);
            int unique = 0;
            for (int i = 0; i < sorted.length; i++) {
                long e = sorted[i] ^ Long.MIN_VALUE;
                if (unique == 0 || sorted[unique - 1] != e) {
                    sorted[unique++] = e;
                }
            }
            return new DeletionIndex(Arrays.copyOf(sorted, unique));
        }
    }
}
