package dev.nl2sql.picard.grammar;

import java.util.Arrays;

/**
 * One terminal of a GBNF grammar: a set of code points, given as inclusive ranges, possibly negated. A literal
 * character is a one-point range; {@code .} is the negation of nothing.
 */
record CharClass(int[] ranges, boolean negated) {

    static CharClass single(int codePoint) {
        return new CharClass(new int[] {codePoint, codePoint}, false);
    }

    static CharClass any() {
        return new CharClass(new int[0], true);
    }

    boolean matches(int codePoint) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (codePoint >= ranges[i] && codePoint <= ranges[i + 1]) {
                return !negated;
            }
        }
        return negated;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CharClass c && negated == c.negated && Arrays.equals(ranges, c.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges) * 31 + Boolean.hashCode(negated);
    }

    @Override
    public String toString() {
        return (negated ? "[^" : "[") + Arrays.toString(ranges) + "]";
    }
}
