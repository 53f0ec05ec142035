package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A small grammar whose every sentence is a valid query over the schema, on every supported database: one table per
 * query, only that table's columns, predicates typed by the column's type (numbers compared with numbers, text with
 * strings), and aggregates never mixed with plain columns (so no GROUP BY rule can be broken).
 *
 * <p>{@link SqlGrammar} is what a capable model needs, and a context-free grammar cannot know which tables are in
 * scope or what is grouped; a model that does not know SQL can satisfy it and still write a query the database
 * refuses. This grammar is the fallback for that case: less expressive, never wrong.
 */
public final class SafeSqlGrammar {

    private SafeSqlGrammar() {
    }

    /** @throws IllegalArgumentException if no table has a column */
    public static String gbnf(DbSchema schema, IdentifierStyle style) {
        StringBuilder rules = new StringBuilder();
        StringBuilder queries = new StringBuilder("query ::= ");
        int n = 0;
        for (DbTable table : schema.tables()) {
            if (table.columns().isEmpty()) {
                continue;
            }
            n++;
            String t = "-" + n;
            queries.append(n > 1 ? " | " : "").append("rows").append(t).append(" | totals").append(t);
            String from = " \" FROM \" " + GbnfLiteral.of(style.write(table.name()));
            rules.append("rows").append(t).append(" ::= \"SELECT \" (\"*\" | column").append(t).append(" (\", \" column")
                    .append(t).append("){0,3})").append(from).append(" where").append(t).append("? (\" ORDER BY \" column")
                    .append(t).append(" (\" ASC\" | \" DESC\")?)? limit?\n");
            rules.append("totals").append(t).append(" ::= \"SELECT \" total").append(t).append(" (\", \" total")
                    .append(t).append(")?").append(from).append(" where").append(t).append("?\n");
            rules.append("column").append(t).append(" ::= ").append(names(table.columns(), c -> true, style))
                    .append('\n');
            String numeric = names(table.columns(), DbColumn::isNumeric, style);
            String text = names(table.columns(), DbColumn::isText, style);
            rules.append("total").append(t).append(" ::= \"COUNT(*)\" | (\"COUNT(\" | \"MIN(\" | \"MAX(\") column")
                    .append(t).append(" \")\"").append(numeric.isEmpty() ? "" : " | (\"SUM(\" | \"AVG(\") (" + numeric
                            + ") \")\"").append('\n');
            rules.append("where").append(t).append(" ::= \" WHERE \" test").append(t).append(" (\" AND \" test")
                    .append(t).append(")?\n");
            rules.append("test").append(t).append(" ::= column").append(t).append(" (\" IS NULL\" | \" IS NOT NULL\")")
                    .append(numeric.isEmpty() ? "" : " | (" + numeric + ") comparison number")
                    .append(text.isEmpty() ? "" : " | (" + text + ") (\" = \" | \" <> \" | \" LIKE \") string")
                    .append('\n');
        }
        if (n == 0) {
            throw new IllegalArgumentException("schema " + schema.name() + " has no table with columns");
        }
        return "root ::= query \";\"?\n" + queries + "\n" + rules
                + "comparison ::= \" = \" | \" <> \" | \" < \" | \" <= \" | \" > \" | \" >= \"\n"
                + "number ::= \"-\"? [0-9]{1,9}\n"
                + "string ::= \"'\" [A-Za-z0-9 %_.-]{0,24} \"'\"\n"
                + "limit ::= \" LIMIT \" [1-9] [0-9]{0,3}\n";
    }

    private static String names(List<DbColumn> columns, Predicate<DbColumn> which, IdentifierStyle style) {
        return columns.stream().filter(which).map(c -> GbnfLiteral.of(style.write(c.name())))
                .distinct().collect(Collectors.joining(" | "));
    }
}
