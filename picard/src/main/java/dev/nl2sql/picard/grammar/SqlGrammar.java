package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The GBNF grammar (llama.cpp's format) of the SQL a model may write against one schema: exactly one read-only query,
 * naming only that schema's tables and columns, each written as the database needs it ({@link IdentifierStyle#write}).
 *
 * <p>The subset is what questions in the style of the Spider benchmark need: {@code SELECT [DISTINCT]}, {@code FROM}
 * with {@code [INNER|LEFT] JOIN ... ON} and comma joins, {@code WHERE}, {@code GROUP BY ... HAVING},
 * {@code ORDER BY ... ASC|DESC}, {@code LIMIT n}, {@code UNION [ALL]}/{@code INTERSECT}/{@code EXCEPT}, subqueries
 * ({@code IN}, {@code EXISTS}, scalar, derived tables), {@code CASE WHEN}, {@code LIKE}, {@code BETWEEN},
 * {@code IS [NOT] NULL}, the five aggregates, arithmetic, comparisons and boolean logic. Keywords are upper case and
 * tokens are separated by exactly one space (none inside parentheses, none before a comma), so the model has no
 * freedom that does not change the query's meaning. Table aliases are {@code T1}..{@code T9}; output aliases are
 * quoted, so they can never clash with a keyword. The grammar is finite by construction ({@link GrammarBounds}):
 * subqueries and nested expressions have a deepest level, and every list, literal and number has an upper bound, so
 * generation under it always ends, and its longest query is known ({@link GbnfRecognizer#maxBytes()}).
 *
 * <p>Left out on purpose: {@code WITH}, window functions, scalar functions and {@code CAST}, {@code OFFSET}, simple
 * {@code CASE x WHEN}, {@code RIGHT}/{@code FULL} joins, parameters, comments, and anything that writes.
 */
public final class SqlGrammar {

    /** Rules that depend neither on the nesting level nor on the schema. An aggregate never holds another. */
    private static final String FIXED_RULES = """
            root ::= query-0 ";"?
            set-operator ::= " UNION ALL " | " UNION " | " INTERSECT " | " EXCEPT "
            alias-separator ::= " AS " | " "
            table-alias ::= "T" [1-9]
            qualifier ::= table-name | table-alias
            join-kind ::= " JOIN " | " INNER JOIN " | " LEFT JOIN "
            limit ::= " LIMIT " [1-9] [0-9]{0,3}
            comparison-operator ::= " = " | " != " | " <> " | " < " | " <= " | " > " | " >= "
            aggregate-function ::= "COUNT" | "SUM" | "AVG" | "MIN" | "MAX"
            number ::= "-"? [0-9]{1,9} ("." [0-9]{1,4})?
            column-ref ::= column | qualified-column | table-alias "." (column | output-alias)
            aggregate ::= "COUNT(*)" | aggregate-function "(" "DISTINCT "? aggregate-argument ")"
            aggregate-argument ::= column-ref (arithmetic-operator column-ref){0,2}
            arithmetic-operator ::= " + " | " - " | " * " | " / "
            """;

    /**
     * Every rule is written per nesting level, and the deepest level has no recursive alternative, so every derivation
     * is finite and every repetition is bounded: even a model that knows no SQL must close its query within a bounded
     * number of characters, instead of nesting or listing until it runs out of tokens.
     */
    static String levelRules(GrammarBounds b) {
        StringBuilder out = new StringBuilder(FIXED_RULES);
        rule(out, "string", "\"'\"" + more("[^'\\n] | \"''\"", b.stringChars()) + " \"'\"");
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
            rule(out, "from-item-" + q, "table-name (alias-separator table-alias)?"
                    + (sub != null ? " | \"(\" " + sub + " \")\" alias-separator table-alias" : ""));
            rule(out, "join-" + q, "\", \" from-item-" + q + " | join-kind from-item-" + q + " \" ON \" " + condition);
            rule(out, "where-" + q, "\" WHERE \" " + condition);
            rule(out, "group-by-" + q, "\" GROUP BY \" " + expr + more("\", \" " + expr, b.groupItems() - 1)
                    + " (\" HAVING \" " + condition + ")?");
            rule(out, "order-by-" + q, "\" ORDER BY \" order-item-" + q + more("\", \" order-item-" + q,
                    b.orderItems() - 1));
            rule(out, "order-item-" + q, expr + " (\" ASC\" | \" DESC\")?");
            for (int e = 0; e <= b.expressionDepth(); e++) {
                expressionLevel(out, b, q, e, sub);
            }
        }
        return out.toString();
    }

    private static void expressionLevel(StringBuilder out, GrammarBounds b, int q, int e, String sub) {
        String level = "-" + q + "-" + e;
        String inner = e < b.expressionDepth() ? "-" + q + "-" + (e + 1) : null;
        String expr = "expr" + level;
        rule(out, "condition" + level, "conjunction" + level + more("\" OR \" conjunction" + level, b.orTerms() - 1));
        rule(out, "conjunction" + level, "negation" + level + more("\" AND \" negation" + level, b.andTerms() - 1));
        rule(out, "negation" + level, "\"NOT \"? predicate" + level);
        // A condition is always a test: a bare value is no condition on PostgreSQL or H2 (and no gold query uses one).
        rule(out, "predicate" + level, (sub != null ? "\"EXISTS (\" " + sub + " \")\" | " : "")
                + (inner != null ? "\"(\" condition" + inner + " \")\" | " : "") + expr + " predicate-test" + level);
        rule(out, "predicate-test" + level, "comparison-operator " + expr + " | \" IS NULL\" | \" IS NOT NULL\""
                + " | \" NOT\"? set-or-pattern-test" + level);
        rule(out, "set-or-pattern-test" + level, "\" IN (\" in-list" + level + " \")\" | \" LIKE \" " + expr
                + " | \" BETWEEN \" " + expr + " \" AND \" " + expr);
        rule(out, "in-list" + level, (sub != null ? sub + " | " : "") + expr + more("\", \" " + expr, b.inItems() - 1));
        rule(out, expr, "term" + level + more("(\" + \" | \" - \") term" + level, b.arithmeticTerms() - 1));
        rule(out, "term" + level, "primary" + level + more("(\" * \" | \" / \") primary" + level,
                b.arithmeticTerms() - 1));
        rule(out, "primary" + level, "column-ref | number | string | \"NULL\" | aggregate"
                + (inner != null ? " | case" + level + " | \"(\" expr" + inner + " \")\"" : "")
                + (sub != null ? " | \"(\" " + sub + " \")\"" : ""));
        if (inner != null) {
            rule(out, "case" + level, "\"CASE\" (\" WHEN \" condition" + inner + " \" THEN \" expr" + inner + ")"
                    + (b.caseBranches() == 1 ? "" : "{1," + b.caseBranches() + "}") + " (\" ELSE \" expr" + inner + ")? \" END\"");
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
        return " (" + item + ")" + upTo(max);
    }

    private static String upTo(int max) {
        return max == 1 ? "?" : "{0," + max + "}";
    }

    private SqlGrammar() {
    }

    /**
     * The grammar for one read-only query against the schema, identifiers written in the style of its database.
     *
     * @throws IllegalArgumentException if the schema has no table with a column (there would be nothing to query)
     */
    public static String gbnf(DbSchema schema, IdentifierStyle style) {
        return gbnf(schema, style, GrammarBounds.FULL);
    }

    /** The same grammar within other bounds. */
    public static String gbnf(DbSchema schema, IdentifierStyle style, GrammarBounds bounds) {
        Map<String, Set<String>> columnsByTable = new LinkedHashMap<>();
        Set<String> allColumns = new LinkedHashSet<>();
        for (DbTable table : schema.tables()) {
            Set<String> columns = table.columns().stream().map(DbColumn::name).map(style::write)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            columnsByTable.merge(style.write(table.name()), columns, (a, b) -> {
                a.addAll(b);
                return a;
            });
            allColumns.addAll(columns);
        }
        if (allColumns.isEmpty()) {
            throw new IllegalArgumentException("schema " + schema.name() + " has no table with columns");
        }

        StringBuilder out = new StringBuilder(levelRules(bounds));
        String quote = GbnfLiteral.of(String.valueOf(style.quote()));
        rule(out, "output-alias", quote + " [A-Za-z_]" + more("[A-Za-z0-9_]", bounds.aliasChars() - 1) + " " + quote);
        out.append("table-name ::= ").append(alternatives(columnsByTable.keySet())).append('\n');
        out.append("column ::= ").append(alternatives(allColumns)).append('\n');

        // table.column only with that table's own columns; one rule per table keeps the grammar linear in the schema
        Set<String> usedRuleNames = new HashSet<>();
        StringBuilder qualified = new StringBuilder("qualified-column ::= ");
        StringBuilder perTable = new StringBuilder();
        for (Map.Entry<String, Set<String>> table : columnsByTable.entrySet()) {
            if (table.getValue().isEmpty()) {
                continue;
            }
            String rule = uniqueRuleName("column-of-" + ruleNamePart(table.getKey()), usedRuleNames);
            if (usedRuleNames.size() > 1) {
                qualified.append(" | ");
            }
            qualified.append(GbnfLiteral.of(table.getKey() + ".")).append(' ').append(rule);
            perTable.append(rule).append(" ::= ").append(alternatives(table.getValue())).append('\n');
        }
        return out.append(qualified).append('\n').append(perTable).toString();
    }

    private static String alternatives(Set<String> words) {
        return words.stream().map(GbnfLiteral::of).collect(Collectors.joining(" | "));
    }

    /** GBNF rule names allow only letters, digits and '-'. */
    private static String ruleNamePart(String identifier) {
        String part = identifier.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return part.isEmpty() ? "table" : part;
    }

    private static String uniqueRuleName(String wanted, Set<String> used) {
        String name = wanted;
        for (int n = 2; !used.add(name); n++) {
            name = wanted + "-" + n;
        }
        return name;
    }
}
