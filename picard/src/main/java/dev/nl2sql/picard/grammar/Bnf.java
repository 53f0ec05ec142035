package dev.nl2sql.picard.grammar;

import java.util.List;

/**
 * A GBNF grammar flattened to plain BNF: every group, repetition and option became a helper rule, so a production is
 * just a sequence of symbols. A symbol {@code s >= 0} is the rule {@code s}; {@code s < 0} is the terminal
 * {@code terminals[~s]}.
 *
 * @param ruleNames  the name of each rule (helper rules get generated names)
 * @param lhs        for each production, the rule it belongs to
 * @param rhs        for each production, its symbols
 * @param terminals  the character classes the symbols refer to
 * @param root       the rule a whole text must derive from
 */
record Bnf(List<String> ruleNames, int[] lhs, int[][] rhs, CharClass[] terminals, int root) {

    static boolean isRule(int symbol) {
        return symbol >= 0;
    }

    static int terminalIndex(int symbol) {
        return ~symbol;
    }

    static int terminalSymbol(int terminalIndex) {
        return ~terminalIndex;
    }

    int ruleCount() {
        return ruleNames.size();
    }

    int productionCount() {
        return lhs.length;
    }
}
