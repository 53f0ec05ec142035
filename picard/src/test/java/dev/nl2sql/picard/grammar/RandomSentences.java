package dev.nl2sql.picard.grammar;

import java.util.Random;

/**
 * Random sentences of a GBNF grammar: each rule expands to a random production, but the deeper the derivation the
 * likelier the production with the shortest finished text, so sentences stay short while every construct appears.
 */
final class RandomSentences {

    private final Bnf bnf;
    private final EarleyTables tables;
    private final Random random;
    /** For each rule: the length of its shortest text. */
    private final long[] shortest;

    RandomSentences(String gbnf, long seed) {
        this.bnf = GbnfParser.parse(gbnf);
        this.tables = new EarleyTables(bnf);
        this.random = new Random(seed);
        this.shortest = shortestTexts();
    }

    String next() {
        StringBuilder out = new StringBuilder();
        expand(bnf.root(), 0, out);
        return out.toString();
    }

    private void expand(int rule, int depth, StringBuilder out) {
        int[] productions = tables.productionsOf[rule];
        int chosen;
        if (random.nextInt(100) < Math.max(5, 70 - 4 * depth)) {
            chosen = productions[random.nextInt(productions.length)];
        } else {
            chosen = productions[0];
            for (int p : productions) {
                if (length(bnf.rhs()[p]) < length(bnf.rhs()[chosen])) {
                    chosen = p;
                }
            }
        }
        for (int symbol : bnf.rhs()[chosen]) {
            if (Bnf.isRule(symbol)) {
                expand(symbol, depth + 1, out);
            } else {
                out.appendCodePoint(sample(bnf.terminals()[Bnf.terminalIndex(symbol)]));
            }
        }
    }

    /** A code point of the class: a random one of its ranges, or a letter it does not exclude. */
    private int sample(CharClass c) {
        if (c.negated()) {
            for (int attempt = 0; ; attempt++) {
                int letter = 'a' + random.nextInt(26);
                if (c.matches(letter)) {
                    return letter;
                }
            }
        }
        int[] ranges = c.ranges();
        int pair = random.nextInt(ranges.length / 2) * 2;
        return ranges[pair] + random.nextInt(ranges[pair + 1] - ranges[pair] + 1);
    }

    private long length(int[] symbols) {
        long total = 0;
        for (int s : symbols) {
            total += Bnf.isRule(s) ? shortest[s] : 1;
        }
        return total;
    }

    private long[] shortestTexts() {
        long[] best = new long[bnf.ruleCount()];
        java.util.Arrays.fill(best, Long.MAX_VALUE / 4);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int p = 0; p < bnf.productionCount(); p++) {
                long total = 0;
                for (int s : bnf.rhs()[p]) {
                    total += Bnf.isRule(s) ? best[s] : 1;
                }
                if (total < best[bnf.lhs()[p]]) {
                    best[bnf.lhs()[p]] = total;
                    changed = true;
                }
            }
        }
        return best;
    }
}
