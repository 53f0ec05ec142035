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

    boolean anyTableStartsWith(String lowerPrefix) {
        return startsWith(sortedTables, lowerPrefix);
    }

    boolean anyColumnStartsWith(String lowerPrefix) {
        return startsWith(sortedColumns, lowerPrefix);
    }

    private static boolean startsWith(String[] sorted, String prefix) {
        int i = Arrays.binarySearch(sorted, prefix);
        int at = i >= 0 ? i : -i - 1;
        return at < sorted.length && sorted[at].startsWith(prefix);
    }
}
