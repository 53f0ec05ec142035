package dev.nl2sql.picard.grammar;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Decides whether a text is in the language of a GBNF grammar (llama.cpp's grammar format), or can still become so.
 * It reads the grammar as llama.cpp does (the same syntax, escapes and errors, left recursion refused) and recognises
 * with an Earley parser over code points, so ambiguity and deep nesting cost polynomial time, never backtracking.
 *
 * <p>Instances are immutable and safe to share between threads; each call builds its own chart.
 */
public final class GbnfRecognizer {

    private static final int COMPLETE = Integer.MIN_VALUE;

    private final Bnf bnf;
    private final BitSet nullable;
    /** For each dotted item (a production with a dot position): the symbol after the dot, or COMPLETE. */
    private final int[] nextSymbol;
    /** For each dotted item: its production. */
    private final int[] productionOf;
    /** For each production: the dotted item with the dot at its start. */
    private final int[] firstDotted;
    /** For each rule: its productions. */
    private final int[][] productionsOf;

    private GbnfRecognizer(Bnf bnf) {
        this.bnf = bnf;
        this.nullable = BnfChecks.nullable(bnf);
        int productions = bnf.productionCount();
        firstDotted = new int[productions];
        int dottedCount = 0;
        for (int p = 0; p < productions; p++) {
            firstDotted[p] = dottedCount;
            dottedCount += bnf.rhs()[p].length + 1;
        }
        nextSymbol = new int[dottedCount];
        productionOf = new int[dottedCount];
        for (int p = 0; p < productions; p++) {
            int[] rhs = bnf.rhs()[p];
            for (int dot = 0; dot <= rhs.length; dot++) {
                nextSymbol[firstDotted[p] + dot] = dot < rhs.length ? rhs[dot] : COMPLETE;
                productionOf[firstDotted[p] + dot] = p;
            }
        }
        List<List<Integer>> byRule = new ArrayList<>();
        for (int r = 0; r < bnf.ruleCount(); r++) {
            byRule.add(new ArrayList<>());
        }
        for (int p = 0; p < productions; p++) {
            byRule.get(bnf.lhs()[p]).add(p);
        }
        productionsOf = byRule.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /**
     * Reads a grammar.
     *
     * @throws IllegalArgumentException if llama.cpp would refuse it: a syntax error, an undefined rule, no
     *                                  {@code root} rule, or left recursion
     */
    public static GbnfRecognizer parse(String gbnf) {
        return new GbnfRecognizer(GbnfParser.parse(gbnf));
    }

    /**
     * The longest text the grammar derives, in UTF-8 bytes (an upper bound on the tokens a model needs to write it),
     * or empty where repetition without a bound makes it unbounded.
     */
    public java.util.OptionalLong maxBytes() {
        return LongestDerivation.of(bnf, productionsOf);
    }

    /** Whether the whole text derives from {@code root}. */
    public boolean matches(String text) {
        int[] input = text.codePoints().toArray();
        EarleySet last = chart(input, true);
        if (last == null) {
            return false;
        }
        for (int p : productionsOf[bnf.root()]) {
            if (last.contains(EarleySet.item(firstDotted[p] + bnf.rhs()[p].length, 0))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some continuation (possibly empty) of the text derives from {@code root}. */
    public boolean isViablePrefix(String text) {
        // every kept production can finish, so any item that survived the last character leads to a full match
        EarleySet last = chart(text.codePoints().toArray(), false);
        return last != null && last.size() > 0;
    }

    /**
     * Runs the Earley recognizer over the input; returns the set at its end, or null once no item survives. The last
     * set is closed (predictions and completions) only when asked: a prefix check needs just its scanned items.
     */
    private EarleySet chart(int[] input, boolean closeLast) {
        EarleySet[] sets = new EarleySet[input.length + 1];
        sets[0] = new EarleySet();
        for (int p : productionsOf[bnf.root()]) {
            sets[0].add(EarleySet.item(firstDotted[p], 0));
        }
        for (int i = 0; i <= input.length; i++) {
            EarleySet current = sets[i];
            if (current.size() == 0) {
                return null;
            }
            if (i == input.length && !closeLast) {
                return current;
            }
            close(sets, i);
            if (i == input.length) {
                return current;
            }
            sets[i + 1] = scan(current, input[i]);
        }
        throw new AssertionError("unreachable");
    }

    /** Adds to set i everything that predictions and completions imply, walking it as a work queue. */
    private void close(EarleySet[] sets, int i) {
        EarleySet current = sets[i];
        BitSet predicted = new BitSet(bnf.ruleCount());
        for (int k = 0; k < current.size(); k++) {
            long item = current.get(k);
            int dotted = EarleySet.dotted(item);
            int origin = EarleySet.origin(item);
            int next = nextSymbol[dotted];
            if (next == COMPLETE) {
                int rule = bnf.lhs()[productionOf[dotted]];
                EarleySet from = sets[origin];
                for (int w = 0; w < from.waitingCount(rule); w++) {
                    long waiter = from.waitingItem(rule, w);
                    current.add(EarleySet.item(EarleySet.dotted(waiter) + 1, EarleySet.origin(waiter)));
                }
            } else if (Bnf.isRule(next)) {
                current.addWaiting(next, item);
                if (!predicted.get(next)) {
                    predicted.set(next);
                    for (int p : productionsOf[next]) {
                        current.add(EarleySet.item(firstDotted[p], i));
                    }
                }
                // Aycock-Horspool: a rule that can be empty is also stepped over at once, as its empty completion
                // may already have been processed before this item arrived
                if (nullable.get(next)) {
                    current.add(EarleySet.item(dotted + 1, origin));
                }
            }
        }
    }

    private EarleySet scan(EarleySet current, int codePoint) {
        EarleySet next = new EarleySet();
        for (int k = 0; k < current.size(); k++) {
            long item = current.get(k);
            int dotted = EarleySet.dotted(item);
            int symbol = nextSymbol[dotted];
            if (symbol != COMPLETE && !Bnf.isRule(symbol)
                    && bnf.terminals()[Bnf.terminalIndex(symbol)].matches(codePoint)) {
                next.add(EarleySet.item(dotted + 1, EarleySet.origin(item)));
            }
        }
        return next;
    }
}
