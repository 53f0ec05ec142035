package dev.nl2sql.picard.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the model may see and name: the tables and views of one catalog/schema, their columns and keys. The names are
 * exactly as the database stores them (H2 folds unquoted names to upper case, PostgreSQL to lower case).
 */
public record DbSchema(String name, List<DbTable> tables, List<ForeignKey> foreignKeys) {

    public DbSchema {
        tables = List.copyOf(tables);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** The table of that name, compared case-insensitively (as the model writes names in its own case). */
    public Optional<DbTable> table(String tableName) {
        String wanted = tableName.toLowerCase(Locale.ROOT);
        return tables.stream().filter(t -> t.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
