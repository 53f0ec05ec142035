package dev.nl2sql.picard.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A table or view. {@code remarks} is the database's comment on it, or null. */
public record DbTable(String name, Kind kind, String remarks, List<DbColumn> columns, List<String> primaryKey) {

    public enum Kind { TABLE, VIEW }

    public DbTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public Optional<DbColumn> column(String columnName) {
        String wanted = columnName.toLowerCase(Locale.ROOT);
        return columns.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
