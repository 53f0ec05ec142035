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
 * quoted, so they can never clash with a keyword.
 *
 * <p>Left out on purpose: {@code WITH}, window functions, scalar functions and {@code CAST}, {@code OFFSET}, simple
 * {@code CASE x WHEN}, {@code RIGHT}/{@code FULL} joins, parameters, comments, and anything that writes.
 */
public final class SqlGrammar {

    /** The schema-independent rules; the identifier rules they name are appended per schema. */
    private static final String QUERY_RULES = """
            root ::= query ";"?
            query ::= select-core (set-operator select-core)* order-by? limit?
            set-operator ::= " UNION ALL " | " UNION " | " INTERSECT " | " EXCEPT "
            select-core ::= "SELECT " "DISTINCT "? select-list " FROM " from-item join* where? group-by?
            select-list ::= "*" | select-item (", " select-item)*
            select-item ::= qualifier ".*" | expr (" AS " output-alias)?
            from-item ::= table-name (alias-separator table-alias)? | "(" query ")" alias-separator table-alias
            alias-separator ::= " AS " | " "
            table-alias ::= "T" [1-9]
            qualifier ::= table-name | table-alias
            join ::= ", " from-item | join-kind from-item " ON " condition
            join-kind ::= " JOIN " | " INNER JOIN " | " LEFT JOIN "
            where ::= " WHERE " condition
            group-by ::= " GROUP BY " expr (", " expr)* (" HAVING " condition)?
            order-by ::= " ORDER BY " order-item (", " order-item)*
            order-item ::= expr (" ASC" | " DESC")?
            limit ::= " LIMIT " [0-9]+
            condition ::= conjunction (" OR " conjunction)*
            conjunction ::= negation (" AND " negation)*
            negation ::= "NOT "? predicate
            predicate ::= "EXISTS (" query ")" | expr predicate-test?
            predicate-test ::= comparison-operator expr | " IS NULL" | " IS NOT NULL" | " NOT"? set-or-pattern-test
            set-or-pattern-test ::= " IN (" in-list ")" | " LIKE " expr | " BETWEEN " expr " AND " expr
            comparison-operator ::= " = " | " != " | " <> " | " < " | " <= " | " > " | " >= "
            in-list ::= query | expr (", " expr)*
            expr ::= term ((" + " | " - ") term)*
            term ::= primary ((" * " | " / ") primary)*
            primary ::= column-ref | number | string | "NULL" | aggregate | case-expr | "(" condition ")" | "(" query ")"
            aggregate ::= "COUNT(*)" | aggregate-function "(" "DISTINCT "? expr ")"
            aggregate-function ::= "COUNT" | "SUM" | "AVG" | "MIN" | "MAX"
            case-expr ::= "CASE" (" WHEN " condition " THEN " expr)+ (" ELSE " expr)? " END"
            number ::= "-"? [0-9]+ ("." [0-9]+)?
            string ::= "'" ([^'\\n] | "''")* "'"
            column-ref ::= column | qualified-column | table-alias "." (column | output-alias)
            """;

    private SqlGrammar() {
    }

    /**
     * The grammar for one read-only query against the schema, identifiers written in the style of its database.
     *
     * @throws IllegalArgumentException if the schema has no table with a column (there would be nothing to query)
     */
    public static String gbnf(DbSchema schema, IdentifierStyle style) {
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

        StringBuilder out = new StringBuilder(QUERY_RULES);
        String quote = GbnfLiteral.of(String.valueOf(style.quote()));
        out.append("output-alias ::= ").append(quote).append(" [A-Za-z_] [A-Za-z0-9_]* ").append(quote).append('\n');
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
