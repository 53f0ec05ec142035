package dev.nl2sql.picard.schema;

import java.util.List;

/** {@code fromTable(fromColumns)} references {@code toTable(toColumns)}, column for column. */
public record ForeignKey(String fromTable, List<String> fromColumns, String toTable, List<String> toColumns) {

    public ForeignKey {
        fromColumns = List.copyOf(fromColumns);
        toColumns = List.copyOf(toColumns);
    }
}
