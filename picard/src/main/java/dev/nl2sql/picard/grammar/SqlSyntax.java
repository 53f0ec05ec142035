package dev.nl2sql.picard.grammar;

import java.util.List;

/**
 * The one description of the SQL a model may write, shared by both decoders: {@link SqlGrammar} completes it with
 * character-level rules for names and literals into the GBNF grammar llama.cpp samples under, and
 * {@link TokenGrammar} reads the very same rules over SQL tokens for the incremental prefix checker.
 *
 * <p>The rules are GBNF text whose literals are whole SQL tokens written in the canonical surface form (upper-case
 * keywords, one space between tokens, none inside parentheses, none before a comma, none around a dot, none between an
 * aggregate's name and its parenthesis, none after a unary minus), so the GBNF grammar leaves the model no freedom
 * that does not change the query's meaning. Names and literals are left to the {@link #LEXICAL_RULES}, defined per
 * decoder: characters for llama.cpp, token classes (and the schema guards) for the checker.
 *
 * <p>The subset is what questions in the style of the Spider benchmark need: {@code SELECT [DISTINCT]}, {@code FROM}
 * with {@code [INNER|LEFT] JOIN ... ON} (a plain {@code JOIN} may omit ON: a cross join, as Spider's gold SQL writes
 * it), comma joins and derived tables, {@code WHERE}, {@code GROUP BY ... HAVING}, {@code ORDER BY ... ASC|DESC},
 * {@code LIMIT n}, {@code UNION [ALL]}/{@code INTERSECT}/{@code EXCEPT}, subqueries ({@code IN}, {@code EXISTS},
 * scalar, derived tables), {@code CASE WHEN}, {@code LIKE}, {@code BETWEEN}, {@code IS [NOT] NULL}, the five
 * aggregates, arithmetic, comparisons and boolean logic. Table aliases are {@code T1}..{@code T9}; output aliases are
 * quoted, so they can never clash with a keyword. Every rule is written per nesting level within {@link GrammarBounds},
 * so the language is finite.
 *
 * <p>Left out on purpose: {@code WITH}, window functions, scalar functions and {@code CAST}, {@code OFFSET}, simple
 * {@code CASE x WHEN}, {@code RIGHT}/{@code FULL} joins, parameters, comments, and anything that writes.
 */
public final class SqlSyntax {

    /** Rules the syntax names but does not define: names and literals, defined per decoder. */
    public static final List<String> LEXICAL_RULES = List.of("table-name", "table-alias", "column",
            "qualified-column", "output-alias", "string", "unsigned-number", "row-count");

    /** Most digits of a number before its decimal point. */
    public static final int INTEGER_DIGITS = 9;
    /** Most digits of a number after its decimal point. */
    public static final int FRACTION_DIGITS = 4;
    /** LIMIT takes 1 to this many. */
    public static final int MAX_ROW_COUNT = 9999;
    /** Table aliases are T1 to T(this). */
    public static final int MAX_TABLE_ALIAS = 9;

    private SqlSyntax() {
    }

    /**
     * Rules that depend neither on the nesting level nor on the schema. An aggregate never holds another. Spaces
     * that several alternatives begin with are written once in front of them, so the character-level rendering
     * shares them.
     */
    private static String fixedRules(Choices c) {
        return "root ::= query-0 \";\"?\n"
                + "set-operator ::= " + c.of(" UNION ALL ", " UNION ", " INTERSECT ", " EXCEPT ") + "\n"
                + "alias-separator ::= " + c.of(" AS ", " ") + "\n"
                + "qualifier ::= table-name | table-alias\n"
                + "limit ::= \" LIMIT \" row-count\n"
                + "comparison-operator ::= " + c.of("= ", "!= ", "<> ", "< ", "<= ", "> ", ">= ") + "\n"
                + "aggregate-function ::= " + c.of("COUNT", "SUM", "AVG", "MIN", "MAX") + "\n"
                + "number ::= \"-\"? unsigned-number\n"
                + "column-ref ::= column | qualified-column | table-alias \".\" (column | output-alias)\n"
                + "aggregate ::= \"COUNT(*)\" | aggregate-function \"(\" \"DISTINCT \"? aggregate-argument \")\"\n"
                + "aggregate-argument ::= column-ref (arithmetic-operator column-ref){0,2}\n"
                + "arithmetic-operator ::= " + c.of(" + ", " - ", " * ", " / ") + "\n";
    }

    /**
     * How an alternation of literals is written: as it is for the token grammar, or as a character trie for
     * llama.cpp ({@link GbnfTrie}), which accepts the same text with fewer parallel parse stacks.
     */
    private record Choices(boolean trie) {

        String of(String... literals) {
            if (trie) {
                return "(" + GbnfTrie.of(List.of(literals)) + ")";
            }
            StringBuilder out = new StringBuilder("(");
            for (String l : literals) {
                out.append(out.length() > 1 ? " | " : "").append(GbnfLiteral.of(l));
            }
            return out.append(')').toString();
        }
    }

    /**
     * The syntax rules within the bounds, for the dialect. Every rule is written per nesting level, and the deepest
     * level has no recursive alternative, so every derivation is finite and every repetition is bounded: even a model
     * that knows no SQL must close its query within a bounded number of characters, instead of nesting or listing until
     * it runs out of tokens.
     */
    public static String rules(GrammarBounds b, DialectSyntax dialect) {
        return rules(b, dialect, false);
    }

    /** The same rules with their alternations of literals written as character tries, for llama.cpp. */
    static String characterRules(GrammarBounds b, DialectSyntax dialect) {
        return rules(b, dialect, true);
    }

    private static String rules(GrammarBounds b, DialectSyntax dialect, boolean trie) {
        Choices c = new Choices(trie);
        StringBuilder out = new StringBuilder(fixedRules(c));
        for (int q = 0; q <= b.queryDepth(); q++) {
            String sub = q < b.queryDepth() ? "query-" + (q + 1) : null;
            String expr = "expr-" + q + "-0";
            String condition = "condition-" + q + "-0";
            rule(out, "query-" + q, "select-core-" + q + more("set-operator select-core-" + q, b.setOperations())
                    + " order-by-" + q + "? limit?");
            rule(out, "select-core-" + q, "\"SELECT \" \"DISTINCT \"? select-list-" + q + " \" FROM \" from-item-" + q
                    + more("join-" + q, b.joins()) + " where-" + q + "? group-by-" + q + "?");
            rule(out, "select-list-" + q, "\"*\" | select-item-" + q + more("\", \" select-item-" + q,
                    b.selectItems() - 1));
            rule(out, "select-item-" + q, "qualifier \".*\" | " + expr + " (\" AS \" output-alias)?");
            String derivedAlias = dialect.derivedTableAlias() ? " alias-separator table-alias"
                    : " (alias-separator table-alias)?";
            rule(out, "from-item-" + q, "table-name (alias-separator table-alias)?"
                    + (sub != null ? " | \"(\" " + sub + " \")\"" + derivedAlias : ""));
            rule(out, "join-" + q, "\", \" from-item-" + q + " | \" JOIN \" from-item-" + q + " (\" ON \" "
                    + condition + ")? | " + c.of(" INNER JOIN ", " LEFT JOIN ") + " from-item-" + q + " \" ON \" "
                    + condition);
            rule(out, "where-" + q, "\" WHERE \" " + condition);
            rule(out, "group-by-" + q, "\" GROUP BY \" " + expr + more("\", \" " + expr, b.groupItems() - 1)
                    + " (\" HAVING \" " + condition + ")?");
            rule(out, "order-by-" + q, "\" ORDER BY \" order-item-" + q + more("\", \" order-item-" + q,
                    b.orderItems() - 1));
            rule(out, "order-item-" + q, expr + " " + c.of(" ASC", " DESC") + "?");
            for (int e = 0; e <= b.expressionDepth(); e++) {
                expressionLevel(out, b, q, e, sub, c);
            }
        }
        return out.toString();
    }

    /** The character-level GBNF rules of the literals and aliases (names of the schema are {@link SqlGrammar}'s). */
    static String lexicalRules(GrammarBounds b, DialectSyntax dialect) {
        StringBuilder out = new StringBuilder();
        rule(out, "table-alias", "\"T\" [1-" + MAX_TABLE_ALIAS + "]");
        rule(out, "row-count", "[1-9] [0-9]{0," + (String.valueOf(MAX_ROW_COUNT).length() - 1) + "}");
        rule(out, "unsigned-number", "[0-9]{1," + INTEGER_DIGITS + "} (\".\" [0-9]{1," + FRACTION_DIGITS + "})?");
        rule(out, "string", "\"'\"" + more("[^'\\n] | \"''\"", b.stringChars()) + " \"'\"");
        String quote = GbnfLiteral.of(String.valueOf(dialect.identifierQuote()));
        rule(out, "output-alias", quote + " [A-Za-z_]" + more("[A-Za-z0-9_]", b.aliasChars() - 1) + " " + quote);
        return out.toString();
    }

    private static void expressionLevel(StringBuilder out, GrammarBounds b, int q, int e, String sub, Choices c) {
        String level = "-" + q + "-" + e;
        String inner = e < b.expressionDepth() ? "-" + q + "-" + (e + 1) : null;
        String expr = "expr" + level;
        rule(out, "condition" + level, "conjunction" + level + more("\" OR \" conjunction" + level, b.orTerms() - 1));
        rule(out, "conjunction" + level, "negation" + level + more("\" AND \" negation" + level, b.andTerms() - 1));
        rule(out, "negation" + level, "\"NOT \"? predicate" + level);
        // A condition is always a test: a bare value is no condition on PostgreSQL or H2 (and no gold query uses one).
        rule(out, "predicate" + level, (sub != null ? "\"EXISTS (\" " + sub + " \")\" | " : "")
                + (inner != null ? "\"(\" condition" + inner + " \")\" | " : "") + expr + " predicate-test" + level);
        rule(out, "predicate-test" + level, "\" \" (comparison-operator " + expr + " | " + c.of("IS NULL",
                "IS NOT NULL") + " | \"NOT \"? set-or-pattern-test" + level + ")");
        rule(out, "set-or-pattern-test" + level, "\"IN (\" in-list" + level + " \")\" | \"LIKE \" " + expr
                + " | \"BETWEEN \" " + expr + " \" AND \" " + expr);
        rule(out, "in-list" + level, (sub != null ? sub + " | " : "") + expr + more("\", \" " + expr, b.inItems() - 1));
        rule(out, expr, "term" + level + more(c.of(" + ", " - ") + " term" + level, b.arithmeticTerms() - 1));
        rule(out, "term" + level, "primary" + level + more(c.of(" * ", " / ") + " primary" + level,
                b.arithmeticTerms() - 1));
        rule(out, "primary" + level, "column-ref | number | string | \"NULL\" | aggregate"
                + (inner != null ? " | case" + level + " | \"(\" expr" + inner + " \")\"" : "")
                + (sub != null ? " | \"(\" " + sub + " \")\"" : ""));
        if (inner != null) {
            rule(out, "case" + level, "\"CASE\" (\" WHEN \" condition" + inner + " \" THEN \" expr" + inner + ")"
                    + (b.caseBranches() == 1 ? "" : "{1," + b.caseBranches() + "}") + " (\" ELSE \" expr" + inner
                    + ")? \" END\"");
        }
    }

    private static void rule(StringBuilder out, String name, String body) {
        out.append(name).append(" ::= ").append(body).append('\n');
    }

    /** " (item){0,max}", or nothing where max is 0. */
    private static String more(String item, int max) {
        if (max <= 0) {
            return "";
        }
        return " (" + item + ")" + (max == 1 ? "?" : "{0," + max + "}");
    }
}
