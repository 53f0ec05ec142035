package dev.nl2sql.examples.dashboard;

import java.sql.Types;

/** What a result column holds, as far as choosing a chart goes. */
enum ColumnKind {
    /** Something to measure: integers, decimals, floating point. */
    NUMBER,
    /** A point in time: dates and timestamps (a time of day alone is not a series, so it counts as text). */
    TIME,
    /** Anything else: names, categories, booleans, times of day. */
    TEXT;

    static ColumnKind of(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.NUMERIC, Types.DECIMAL -> NUMBER;
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> TIME;
            default -> TEXT;
        };
    }
}
