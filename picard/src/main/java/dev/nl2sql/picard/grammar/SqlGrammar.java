package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The GBNF grammar (llama.cpp's format) of the SQL a model may write against one schema: exactly one read-only query,
 * naming only that schema's tables and columns, each written as the database needs it ({@link IdentifierStyle#write}).
 *
 * <p>The query syntax is {@link SqlSyntax}'s, shared with the incremental prefix checker; this class adds the
 * character-level rules of literals and aliases and the schema's names: {@code table-name}, {@code column}, and
 * {@code qualified-column}, which allows {@code table.column} only with that table's own columns. The grammar is
 * finite by construction ({@link GrammarBounds}), so generation under it always ends, and its longest query is known
 * ({@link GbnfRecognizer#maxBytes()}).
 */
public final class SqlGrammar {

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

    /**
     * How the grammar is written; both layouts describe the same language. llama.cpp's sampler keeps a parse stack
     * per alternative that could come next and, for every sampled token it rejects, checks the whole vocabulary
     * against each stack, so the layout decides what a rejected token costs.
     */
    public enum Layout {
        /** Alternations of names and keywords as character tries (the default): fewer stacks. */
        TRIES,
        /** Every alternation written out word by word; kept to measure what the tries save. */
        ALTERNATIONS
    }

    /** The same grammar within other bounds. */
    public static String gbnf(DbSchema schema, IdentifierStyle style, GrammarBounds bounds) {
        return gbnf(schema, style, bounds, Layout.TRIES);
    }

    /** The same grammar within other bounds, in the given layout. */
    public static String gbnf(DbSchema schema, IdentifierStyle style, GrammarBounds bounds, Layout layout) {
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

        DialectSyntax dialect = DialectSyntax.of(style);
        boolean tries = layout == Layout.TRIES;
        StringBuilder out = new StringBuilder(tries ? SqlSyntax.characterRules(bounds, dialect)
                : SqlSyntax.rules(bounds, dialect));
        out.append(SqlSyntax.lexicalRules(bounds, dialect));
        out.append("table-name ::= ").append(names(List.copyOf(columnsByTable.keySet()), tries)).append('\n');
        out.append("column ::= ").append(names(List.copyOf(allColumns), tries)).append('\n');

        // table.column only with that table's own columns; one rule per table keeps the grammar linear in the schema
        Set<String> usedRuleNames = new HashSet<>();
        List<GbnfTrie.Entry> qualified = new ArrayList<>();
        StringBuilder perTable = new StringBuilder();
        for (Map.Entry<String, Set<String>> table : columnsByTable.entrySet()) {
            if (table.getValue().isEmpty()) {
                continue;
            }
            String rule = uniqueRuleName("column-of-" + ruleNamePart(table.getKey()), usedRuleNames);
            qualified.add(new GbnfTrie.Entry(table.getKey() + ".", rule));
            perTable.append(rule).append(" ::= ").append(names(List.copyOf(table.getValue()), tries)).append('\n');
        }
        String qualifiedRule = tries ? GbnfTrie.ofEntries(qualified) : qualified.stream()
                .map(e -> GbnfLiteral.of(e.word()) + " " + e.tail()).collect(Collectors.joining(" | "));
        return out.append("qualified-column ::= ").append(qualifiedRule).append('\n').append(perTable).toString();
    }

    private static String names(List<String> names, boolean trie) {
        return trie ? GbnfTrie.of(names) : names.stream().map(GbnfLiteral::of).collect(Collectors.joining(" | "));
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
