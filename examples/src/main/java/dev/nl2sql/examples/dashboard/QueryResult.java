package dev.nl2sql.examples.dashboard;

import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of one query, read at once and held for paging and charts: at most the dashboard's row limit, each cell
 * turned into a value JSON can carry (numbers stay numbers; dates become ISO text that Plotly reads as dates) and long
 * text cut, so one result's memory stays bounded.
 */
final class QueryResult {

    static final int MAX_CELL_CHARS = 2_000;

    /** One column: its label, the database's type name, and its kind for charts. */
    record Column(String name, String type, ColumnKind kind) {
    }

    private final List<Column> columns;
    private final List<Object[]> rows;
    private final boolean truncated;

    QueryResult(List<Column> columns, List<Object[]> rows, boolean truncated) {
        this.columns = List.copyOf(columns);
        this.rows = Collections.unmodifiableList(rows);
        this.truncated = truncated;
    }

    /** Reads up to {@code maxRows} rows; {@link #truncated()} tells whether more were there. */
    static QueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(new Column(meta.getColumnLabel(i), meta.getColumnTypeName(i),
                    ColumnKind.of(meta.getColumnType(i))));
        }
        List<Object[]> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            Object[] row = new Object[count];
            for (int i = 0; i < count; i++) {
                row[i] = cell(rs.getObject(i + 1));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, truncated);
    }

    List<Column> columns() {
        return columns;
    }

    List<Object[]> rows() {
        return rows;
    }

    int rowCount() {
        return rows.size();
    }

    /** Whether the query had more rows than were read. */
    boolean truncated() {
        return truncated;
    }

    /** Rows {@code offset} to {@code offset + limit} (fewer at the end). */
    List<Object[]> page(int offset, int limit) {
        int from = Math.min(Math.max(0, offset), rows.size());
        return rows.subList(from, Math.min(rows.size(), from + Math.max(0, limit)));
    }

    private static Object cell(Object value) throws SQLException {
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? value : String.valueOf(d);
        }
        if (value instanceof Number) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return dateTime(timestamp.toLocalDateTime());
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime(dateTime);
        }
        if (value instanceof OffsetDateTime dateTime) {
            // In UTC and without the offset: Plotly reads "yyyy-mm-dd hh:mm:ss" as a date, but not with an offset.
            return dateTime(dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
        if (value instanceof byte[] bytes) {
            return "(" + bytes.length + " bytes)";
        }
        if (value instanceof Clob clob) {
            return cut(clob.getSubString(1, (int) Math.min(clob.length(), MAX_CELL_CHARS + 1)));
        }
        return cut(value.toString());
    }

    private static String dateTime(LocalDateTime dateTime) {
        return dateTime.toString().replace('T', ' ');
    }

    private static String cut(String text) {
        return text.length() <= MAX_CELL_CHARS ? text : text.substring(0, MAX_CELL_CHARS) + "…";
    }
}
