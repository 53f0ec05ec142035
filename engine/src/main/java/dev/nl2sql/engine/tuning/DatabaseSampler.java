package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the first rows of every table, bounded ({@code LIMIT} and {@code setMaxRows}, a query timeout), so that a
 * training set filters on values the database really holds. Never a full scan: a big table gives its first rows.
 */
final class DatabaseSampler {

    private static final Logger log = LoggerFactory.getLogger(DatabaseSampler.class);

    /** Longest text value worth putting in a question; longer ones are descriptions, not filter values. */
    static final int MAX_VALUE_CHARS = 40;

    private final int rowsPerTable;
    private final int timeoutSeconds;

    DatabaseSampler(int rowsPerTable, int timeoutSeconds) {
        this.rowsPerTable = rowsPerTable;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The tables (not views) of the schema, each with its sampled values; a table that cannot be read is left out. */
    List<TableSample> sample(Connection connection, DbSchema schema, IdentifierStyle style) {
        List<TableSample> samples = new ArrayList<>();
        for (DbTable table : schema.tables()) {
            if (table.kind() != DbTable.Kind.TABLE || table.columns().isEmpty()) {
                continue;
            }
            try {
                samples.add(sample(connection, table, style));
            } catch (SQLException e) {
                log.info("Table {} could not be sampled ({}); no pairs are written for it", table.name(),
                        e.getMessage());
            }
        }
        return samples;
    }

    private TableSample sample(Connection connection, DbTable table, IdentifierStyle style) throws SQLException {
        List<DbColumn> columns = table.columns();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(style.write(columns.get(i).name()));
        }
        sql.append(" FROM ").append(style.write(table.name())).append(" LIMIT ").append(rowsPerTable);
        List<Map<Object, Integer>> counts = new ArrayList<>();
        columns.forEach(c -> counts.add(new LinkedHashMap<>()));
        int[] nonNull = new int[columns.size()];
        int rows = 0;
        try (Statement st = connection.createStatement()) {
            st.setMaxRows(rowsPerTable);
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery(sql.toString())) {
                while (rs.next()) {
                    rows++;
                    for (int i = 0; i < columns.size(); i++) {
                        Object value = value(rs, i + 1, columns.get(i));
                        if (value != null) {
                            nonNull[i]++;
                            counts.get(i).merge(value, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        List<ColumnSample> sampled = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            List<Object> byFrequency = new ArrayList<>(counts.get(i).keySet());
            Map<Object, Integer> c = counts.get(i);
            byFrequency.sort(Comparator.comparing((Object v) -> -c.get(v)));
            sampled.add(new ColumnSample(columns.get(i), byFrequency, nonNull[i], rows));
        }
        return new TableSample(table, rows, sampled);
    }

    /** A value a question can name: text of a usable length, or a number; null for anything else. */
    private static Object value(ResultSet rs, int index, DbColumn column) throws SQLException {
        if (column.isText()) {
            String text = rs.getString(index);
            if (text == null) {
                return null;
            }
            String stripped = text.strip();
            return stripped.isEmpty() || !stripped.equals(text) || text.length() > MAX_VALUE_CHARS
                    || !T5Text.isWritable(text) ? null : text;
        }
        if (column.isNumeric()) {
            Object v = rs.getObject(index);
            if (v instanceof Number n) {
                try {
                    return new BigDecimal(n.toString()).stripTrailingZeros();
                } catch (NumberFormatException e) {
                    return null; // NaN, Infinity
                }
            }
            if (v instanceof String s) { // SQLite: a number stored as text in a numeric column
                try {
                    return new BigDecimal(s.strip()).stripTrailingZeros();
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
