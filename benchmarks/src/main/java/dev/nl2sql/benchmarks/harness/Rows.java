package dev.nl2sql.benchmarks.harness;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A result read to the end: its column count and every row's values as {@code getObject} returns them. */
public record Rows(int columns, List<List<Object>> rows) {

    public static Rows read(ResultSet resultSet) throws SQLException {
        int columns = resultSet.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (resultSet.next()) {
            Object[] values = new Object[columns];
            for (int c = 0; c < columns; c++) {
                values[c] = resultSet.getObject(c + 1);
            }
            rows.add(Arrays.asList(values));
        }
        return new Rows(columns, rows);
    }

    public int size() {
        return rows.size();
    }
}
