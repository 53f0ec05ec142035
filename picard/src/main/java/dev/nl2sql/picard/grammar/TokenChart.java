package dev.nl2sql.picard.grammar;

import java.util.Arrays;
import java.util.BitSet;

/**
 * An Earley chart over the tokens read so far, under a {@link TokenGrammar}: immutable and persistent, so a beam
 * search can keep and fork as many as it likes. Reading one more token builds one Earley set (the earlier ones are
 * shared, never changed), so a step costs what that token's set costs, not a new parse of the prefix.
 */
public final class TokenChart {

    private final TokenGrammar grammar;
    private final EarleySet[] sets;
    private final int accepted;
    private volatile BitSet expected;

    private TokenChart(TokenGrammar grammar, EarleySet[] sets, int accepted) {
        this.grammar = grammar;
        this.sets = sets;
        this.accepted = accepted;
    }

    static TokenChart start(TokenGrammar grammar) {
        EarleySet[] sets = {grammar.tables.initialSet()};
        grammar.tables.close(sets, 0);
        return new TokenChart(grammar, sets, 0);
    }

    /**
     * The chart after one more token that may be any of the given terminals (a word can be a keyword and a name), or
     * null if the syntax allows none of them here. {@link #acceptedMask()} of the result says which of them it
     * allowed.
     */
    public TokenChart scan(int... terminals) {
        EarleyTables t = grammar.tables;
        EarleySet last = sets[sets.length - 1];
        EarleySet next = new EarleySet();
        int mask = 0;
        for (int k = 0; k < last.size(); k++) {
            long item = last.get(k);
            int dotted = EarleySet.dotted(item);
            int symbol = t.nextSymbol[dotted];
            if (symbol == EarleyTables.COMPLETE || Bnf.isRule(symbol)) {
                continue;
            }
            int terminal = grammar.terminalOfBnfTerminal[Bnf.terminalIndex(symbol)];
            for (int j = 0; j < terminals.length; j++) {
                if (terminals[j] == terminal) {
                    next.add(EarleySet.item(dotted + 1, EarleySet.origin(item)));
                    mask |= 1 << j;
                }
            }
        }
        if (next.size() == 0) {
            return null;
        }
        EarleySet[] more = Arrays.copyOf(sets, sets.length + 1);
        more[sets.length] = next;
        t.close(more, sets.length);
        return new TokenChart(grammar, more, mask);
    }

    /** Bit j set: terminal j of the {@link #scan} that made this chart was allowed. */
    public int acceptedMask() {
        return accepted;
    }

    /** Whether the tokens so far are a whole sentence. */
    public boolean canEnd() {
        return grammar.tables.rootComplete(sets[sets.length - 1]);
    }

    /** Whether the terminal may come next. */
    public boolean expects(int terminal) {
        return expectedTerminals().get(terminal);
    }

    /** The terminals that may come next. */
    public BitSet expectedTerminals() {
        BitSet e = expected;
        if (e == null) {
            e = new BitSet(grammar.terminalCount());
            EarleySet last = sets[sets.length - 1];
            for (int k = 0; k < last.size(); k++) {
                int symbol = grammar.tables.nextSymbol[EarleySet.dotted(last.get(k))];
                if (symbol != EarleyTables.COMPLETE && !Bnf.isRule(symbol)) {
                    e.set(grammar.terminalOfBnfTerminal[Bnf.terminalIndex(symbol)]);
                }
            }
            expected = e; // computed the same by any thread: a benign race
        }
        return e;
    }

    /** How many tokens were read. */
    public int tokens() {
        return sets.length - 1;
    }

    public TokenGrammar grammar() {
        return grammar;
    }
}
