package dev.nl2sql.picard.grammar;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The lookup tables an Earley recognizer over a {@link Bnf} needs, built once per grammar: each dotted item (a
 * production with a dot position) is numbered, with the symbol after its dot and its production; each rule lists its
 * productions. Immutable.
 */
final class EarleyTables {

    /** {@link #nextSymbol} of an item whose dot is at the end. */
    static final int COMPLETE = Integer.MIN_VALUE;

    final Bnf bnf;
    final BitSet nullable;
    /** For each dotted item: the symbol after the dot, or COMPLETE. */
    final int[] nextSymbol;
    /** For each dotted item: its production. */
    final int[] productionOf;
    /** For each production: the dotted item with the dot at its start. */
    final int[] firstDotted;
    /** For each rule: its productions. */
    final int[][] productionsOf;

    EarleyTables(Bnf bnf) {
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

    /** The set that starts a text: every production of the root, dot at its start (not yet closed). */
    EarleySet initialSet() {
        EarleySet first = new EarleySet();
        for (int p : productionsOf[bnf.root()]) {
            first.add(EarleySet.item(firstDotted[p], 0));
        }
        return first;
    }

    /** Whether the set holds a finished root item that started at 0: the text so far is a whole sentence. */
    boolean rootComplete(EarleySet last) {
        for (int p : productionsOf[bnf.root()]) {
            if (last.contains(EarleySet.item(firstDotted[p] + bnf.rhs()[p].length, 0))) {
                return true;
            }
        }
        return false;
    }

    /** Adds to set i everything that predictions and completions imply, walking it as a work queue. */
    void close(EarleySet[] sets, int i) {
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
}
