package dev.nl2sql.picard.schema;

import java.sql.JDBCType;
import java.util.List;

/**
 * A column: its JDBC type, the database's own type name, nullability, comment (or null) and a few distinct sample
 * values (text columns only, as the database returns them; empty where none were read).
 */
public record DbColumn(String name, JDBCType type, String typeName, boolean nullable, String remarks,
        List<String> sampleValues) {

    public DbColumn {
        sampleValues = List.copyOf(sampleValues);
    }

    public boolean isText() {
        return switch (type) {
            case CHAR, VARCHAR, LONGVARCHAR, NCHAR, NVARCHAR, LONGNVARCHAR, CLOB, NCLOB -> true;
            default -> false;
        };
    }

    public boolean isNumeric() {
        return switch (type) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, FLOAT, DOUBLE, NUMERIC, DECIMAL -> true;
            default -> false;
        };
    }

    public boolean isTemporal() {
        return switch (type) {
            case DATE, TIME, TIMESTAMP, TIME_WITH_TIMEZONE, TIMESTAMP_WITH_TIMEZONE -> true;
            default -> false;
        };
    }
}
