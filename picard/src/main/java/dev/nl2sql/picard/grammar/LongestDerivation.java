package dev.nl2sql.picard.grammar;

import java.util.OptionalLong;

/**
 * The longest text, in UTF-8 bytes, that a grammar can derive, or nothing where a cycle makes it unbounded. A byte
 * bounds a token from above (no model token is shorter than one byte), so a grammar whose longest text fits in the
 * token budget is one that generation always finishes.
 */
final class LongestDerivation {

    private static final long UNBOUNDED = -1;
    private static final long UNKNOWN = -2;
    private static final long VISITING = -3;

    private final Bnf bnf;
    private final int[][] productionsOf;
    private final long[] longest;

    private LongestDerivation(Bnf bnf, int[][] productionsOf) {
        this.bnf = bnf;
        this.productionsOf = productionsOf;
        this.longest = new long[bnf.ruleCount()];
        java.util.Arrays.fill(longest, UNKNOWN);
    }

    static OptionalLong of(Bnf bnf, int[][] productionsOf) {
        long bytes = new LongestDerivation(bnf, productionsOf).rule(bnf.root());
        return bytes == UNBOUNDED ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    private long rule(int r) {
        if (longest[r] == VISITING) {
            return UNBOUNDED; // a rule that can contain itself repeats without end
        }
        if (longest[r] != UNKNOWN) {
            return longest[r];
        }
        longest[r] = VISITING;
        long best = 0;
        for (int p : productionsOf[r]) {
            long sum = 0;
            for (int symbol : bnf.rhs()[p]) {
                long part = Bnf.isRule(symbol) ? rule(symbol) : bytes(bnf.terminals()[Bnf.terminalIndex(symbol)]);
                if (part == UNBOUNDED) {
                    longest[r] = UNBOUNDED;
                    return UNBOUNDED;
                }
                sum = sum > Long.MAX_VALUE - part ? Long.MAX_VALUE : sum + part; // saturate
            }
            best = Math.max(best, sum);
        }
        longest[r] = best;
        return best;
    }

    /** The most UTF-8 bytes one character of the class can take. */
    private static long bytes(CharClass terminal) {
        if (terminal.negated()) {
            return 4;
        }
        int highest = 0;
        for (int i = 1; i < terminal.ranges().length; i += 2) {
            highest = Math.max(highest, terminal.ranges()[i]);
        }
        return highest < 0x80 ? 1 : highest < 0x800 ? 2 : highest < 0x10000 ? 3 : 4;
    }
}
