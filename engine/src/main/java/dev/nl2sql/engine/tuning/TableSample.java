package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.DbTable;
import java.util.List;
import java.util.Optional;

/** A table and the values of its first rows, column by column. */
record TableSample(DbTable table, int rowsRead, List<ColumnSample> columns) {

    TableSample {
        columns = List.copyOf(columns);
    }

    Optional<ColumnSample> column(String name) {
        return columns.stream().filter(c -> c.column().name().equalsIgnoreCase(name)).findFirst();
    }
}
