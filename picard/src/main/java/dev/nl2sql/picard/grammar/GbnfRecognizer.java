package dev.nl2sql.picard.grammar;

/**
 * Decides whether a text is in the language of a GBNF grammar (llama.cpp's grammar format), or can still become so.
 * It reads the grammar as llama.cpp does (the same syntax, escapes and errors, left recursion refused) and recognises
 * with an Earley parser over code points, so ambiguity and deep nesting cost polynomial time, never backtracking.
 *
 * <p>Instances are immutable and safe to share between threads; each call builds its own chart.
 */
public final class GbnfRecognizer {

    private final Bnf bnf;
    private final EarleyTables tables;

    private GbnfRecognizer(Bnf bnf) {
        this.bnf = bnf;
        this.tables = new EarleyTables(bnf);
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
        return LongestDerivation.of(bnf, tables.productionsOf);
    }

    /** Whether the whole text derives from {@code root}. */
    public boolean matches(String text) {
        int[] input = text.codePoints().toArray();
        EarleySet last = chart(input, true);
        return last != null && tables.rootComplete(last);
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
        sets[0] = tables.initialSet();
        for (int i = 0; i <= input.length; i++) {
            EarleySet current = sets[i];
            if (current.size() == 0) {
                return null;
            }
            if (i == input.length && !closeLast) {
                return current;
            }
            tables.close(sets, i);
            if (i == input.length) {
                return current;
            }
            sets[i + 1] = scan(current, input[i]);
        }
        throw new AssertionError("unreachable");
    }

    private EarleySet scan(EarleySet current, int codePoint) {
        EarleySet next = new EarleySet();
        for (int k = 0; k < current.size(); k++) {
            long item = current.get(k);
            int dotted = EarleySet.dotted(item);
            int symbol = tables.nextSymbol[dotted];
            if (symbol != EarleyTables.COMPLETE && !Bnf.isRule(symbol)
                    && bnf.terminals()[Bnf.terminalIndex(symbol)].matches(codePoint)) {
                next.add(EarleySet.item(dotted + 1, EarleySet.origin(item)));
            }
        }
        return next;
    }
}
