package dev.nl2sql.engine.sql;

import java.util.List;
import java.util.Objects;

/**
 * A query that passed {@link SqlChecker#check}: {@code sql} is written for the target database with the names as it
 * stores them, {@code tables} the schema tables and views it reads (stored names, in order of first appearance).
 */
public record CheckedSql(String sql, List<String> tables) {

    public CheckedSql {
        Objects.requireNonNull(sql, "sql");
        tables = List.copyOf(tables);
    }
}
