package dev.nl2sql.picard.grammar;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The whole-grammar facts a recognizer relies on: which rules derive the empty text, that no rule is left-recursive
 * (llama.cpp refuses such grammars, so a builder must never emit one), and that every kept production can finish
 * (productions naming a rule that derives no text at all are dropped, so that any chart state is a viable prefix).
 */
final class BnfChecks {

    private BnfChecks() {
    }

    /** The grammar without its unproductive productions; throws if it is left-recursive. */
    static Bnf checked(Bnf bnf) {
        Bnf productive = withoutUnproductive(bnf);
        rejectLeftRecursion(productive, nullable(productive));
        return productive;
    }

    /** Rules that can derive the empty text. */
    static BitSet nullable(Bnf bnf) {
        BitSet nullable = new BitSet(bnf.ruleCount());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int p = 0; p < bnf.productionCount(); p++) {
                if (!nullable.get(bnf.lhs()[p]) && allNullable(bnf.rhs()[p], nullable)) {
                    nullable.set(bnf.lhs()[p]);
                    changed = true;
                }
            }
        }
        return nullable;
    }

    private static boolean allNullable(int[] symbols, BitSet nullable) {
        for (int s : symbols) {
            if (!Bnf.isRule(s) || !nullable.get(s)) {
                return false;
            }
        }
        return true;
    }

    private static Bnf withoutUnproductive(Bnf bnf) {
        BitSet productive = new BitSet(bnf.ruleCount());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int p = 0; p < bnf.productionCount(); p++) {
                if (!productive.get(bnf.lhs()[p]) && canFinish(bnf, bnf.rhs()[p], productive)) {
                    productive.set(bnf.lhs()[p]);
                    changed = true;
                }
            }
        }
        List<Integer> keep = new ArrayList<>();
        for (int p = 0; p < bnf.productionCount(); p++) {
            if (canFinish(bnf, bnf.rhs()[p], productive)) {
                keep.add(p);
            }
        }
        if (keep.size() == bnf.productionCount()) {
            return bnf;
        }
        int[] lhs = new int[keep.size()];
        int[][] rhs = new int[keep.size()][];
        for (int i = 0; i < keep.size(); i++) {
            lhs[i] = bnf.lhs()[keep.get(i)];
            rhs[i] = bnf.rhs()[keep.get(i)];
        }
        return new Bnf(bnf.ruleNames(), lhs, rhs, bnf.terminals(), bnf.root());
    }

    private static boolean canFinish(Bnf bnf, int[] symbols, BitSet productive) {
        for (int s : symbols) {
            if (Bnf.isRule(s) ? !productive.get(s) : isEmpty(bnf.terminals()[Bnf.terminalIndex(s)])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmpty(CharClass charClass) {
        if (charClass.negated()) {
            return false;
        }
        int[] ranges = charClass.ranges();
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] <= ranges[i + 1]) {
                return false;
            }
        }
        return true;
    }

    private static void rejectLeftRecursion(Bnf bnf, BitSet nullable) {
        // edge A -> B when B can come first in A (after nothing but nullable rules); a cycle is left recursion
        List<BitSet> leftEdges = new ArrayList<>();
        for (int r = 0; r < bnf.ruleCount(); r++) {
            leftEdges.add(new BitSet());
        }
        for (int p = 0; p < bnf.productionCount(); p++) {
            for (int s : bnf.rhs()[p]) {
                if (!Bnf.isRule(s)) {
                    break;
                }
                leftEdges.get(bnf.lhs()[p]).set(s);
                if (!nullable.get(s)) {
                    break;
                }
            }
        }
        int[] state = new int[bnf.ruleCount()]; // 0 unvisited, 1 on the path, 2 done
        for (int r = 0; r < bnf.ruleCount(); r++) {
            if (state[r] == 0) {
                visit(r, leftEdges, state, bnf);
            }
        }
    }

    private static void visit(int start, List<BitSet> edges, int[] state, Bnf bnf) {
        // iterative depth-first search: deep helper chains must not overflow the stack
        List<int[]> stack = new ArrayList<>();
        stack.add(new int[] {start, -1});
        state[start] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.get(stack.size() - 1);
            int next = edges.get(top[0]).nextSetBit(top[1] + 1);
            if (next < 0) {
                state[top[0]] = 2;
                stack.remove(stack.size() - 1);
                continue;
            }
            top[1] = next;
            if (state[next] == 1) {
                throw new IllegalArgumentException("left recursion through rule: " + bnf.ruleNames().get(next));
            }
            if (state[next] == 0) {
                state[next] = 1;
                stack.add(new int[] {next, -1});
            }
        }
    }
}
