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

        DialectSyntax dialect = DialectSyntax.of(style);
        StringBuilder out = new StringBuilder(SqlSyntax.characterRules(bounds, dialect));
        out.append(SqlSyntax.lexicalRules(bounds, dialect));
        // names as character tries: the same language, far fewer parallel stacks for llama.cpp (see GbnfTrie)
        out.append("table-name ::= ").append(GbnfTrie.of(List.copyOf(columnsByTable.keySet()))).append('\n');
        out.append("column ::= ").append(GbnfTrie.of(List.copyOf(allColumns))).append('\n');

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
            perTable.append(rule).append(" ::= ").append(GbnfTrie.of(List.copyOf(table.getValue()))).append('\n');
        }
        return out.append("qualified-column ::= ").append(GbnfTrie.ofEntries(qualified)).append('\n')
                .append(perTable).toString();
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
