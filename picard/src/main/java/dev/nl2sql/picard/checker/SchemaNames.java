package dev.nl2sql.picard.checker;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The schema's names, lower-cased: nl2sql's SQL check (Calcite, case-insensitive) writes every name back as the
 * database stores it, so any case the model writes reaches the right table or column. Immutable.
 */
final class SchemaNames {

    private final Map<String, Set<String>> columnsByTable = new HashMap<>();
    private final Set<String> allColumns = new HashSet<>();
    private final String[] sortedTables;
    private final String[] sortedColumns;

    SchemaNames(DbSchema schema) {
        for (DbTable table : schema.tables()) {
            Set<String> columns = columnsByTable.computeIfAbsent(lower(table.name()), t -> new HashSet<>());
            for (DbColumn column : table.columns()) {
                columns.add(lower(column.name()));
                allColumns.add(lower(column.name()));
            }
        }
        columnsByTable.replaceAll((t, c) -> Set.copyOf(c));
        sortedTables = columnsByTable.keySet().stream().sorted().toArray(String[]::new);
        sortedColumns = allColumns.stream().sorted().toArray(String[]::new);
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    boolean isTable(String lowerName) {
        return columnsByTable.containsKey(lowerName);
    }

    boolean isColumn(String lowerName) {
        return allColumns.contains(lowerName);
    }

    /** The table's columns (lower case), or null if there is no such table. */
    Set<String> columnsOf(String lowerTable) {
        return columnsByTable.get(lowerTable);
    }

    /** Whether a table's name starts with the prefix (and is longer, where asked). */
    boolean anyTableExtends(String lowerPrefix, boolean longer) {
        return extendsAny(sortedTables, lowerPrefix, longer);
    }

    /** Whether a column's name starts with the prefix (and is longer, where asked). */
    boolean anyColumnExtends(String lowerPrefix, boolean longer) {
        return extendsAny(sortedColumns, lowerPrefix, longer);
    }

    private static boolean extendsAny(String[] sorted, String prefix, boolean longer) {
        int i = Arrays.binarySearch(sorted, prefix);
        int at = i >= 0 ? (longer ? i + 1 : i) : -i - 1;
        return at < sorted.length && sorted[at].startsWith(prefix);
    }
}
