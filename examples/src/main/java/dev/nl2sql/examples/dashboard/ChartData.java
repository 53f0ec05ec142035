package dev.nl2sql.examples.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers a chart draws, taken from a result by a {@link ChartSpec}: the x values and one series per measured
 * column, or the row count per x value. Points are sorted by time on a time axis (a line drawn in query order would
 * zigzag), and bounded in number. It carries a sentence describing the chart for screen readers, which cannot see it.
 *
 * @param kind        the chart kind the page draws
 * @param x           the x axis: its name and values
 * @param y           the series drawn over it
 * @param description what the chart shows, in words
 */
record ChartData(String kind, Series x, List<Series> y, String description) {

    /** More points than this are left out of a chart (the table still pages through all rows). */
    static final int MAX_POINTS = 5_000;

    /** A named list of values. */
    record Series(String name, List<Object> values) {
    }

    static ChartData of(QueryResult result, ChartSpec spec) {
        List<QueryResult.Column> columns = result.columns();
        if (spec.kind().equals("table")) {
            return new ChartData("table", new Series("row", List.of()), List.of(),
                    "No chart fits this answer; the table shows its " + rows(result.rowCount()) + ".");
        }
        List<Object[]> rows = result.rows().subList(0, Math.min(MAX_POINTS, result.rowCount()));
        if (spec.kind().equals("value")) {
            int column = spec.y().isEmpty() ? 0 : spec.y().get(0);
            Object value = rows.isEmpty() ? null : rows.get(0)[column];
            String name = columns.isEmpty() ? "value" : columns.get(column).name();
            List<Object> values = new ArrayList<>();
            values.add(value);
            return new ChartData("value", new Series("row", List.of(1)), List.of(new Series(name, values)),
                    rows.isEmpty() ? "No rows." : name + ": " + value);
        }
        boolean timeAxis = spec.x() >= 0 && columns.get(spec.x()).kind() == ColumnKind.TIME;
        if (timeAxis) {
            rows = new ArrayList<>(rows);
            rows.sort(Comparator.comparing(r -> r[spec.x()] == null ? "" : r[spec.x()].toString()));
        }
        String xName = spec.x() < 0 ? "row" : columns.get(spec.x()).name();
        ChartData data;
        if (spec.countsRows()) {
            Map<Object, Long> counts = new LinkedHashMap<>();
            for (Object[] row : rows) {
                counts.merge(spec.x() < 0 ? "(all)" : String.valueOf(row[spec.x()]), 1L, Long::sum);
            }
            data = new ChartData(spec.kind(), new Series(xName, new ArrayList<>(counts.keySet())),
                    List.of(new Series("rows", new ArrayList<>(counts.values()))), null);
        } else {
            List<Object> xs = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                xs.add(spec.x() < 0 ? i + 1 : rows.get(i)[spec.x()]);
            }
            List<Series> ys = new ArrayList<>();
            for (int column : spec.y()) {
                List<Object> values = new ArrayList<>(rows.size());
                for (Object[] row : rows) {
                    values.add(row[column]);
                }
                ys.add(new Series(columns.get(column).name(), values));
            }
            data = new ChartData(spec.kind(), new Series(xName, xs), ys, null);
        }
        return new ChartData(data.kind(), data.x(), data.y(), ChartDescription.describe(data));
    }

    private static String rows(int count) {
        return count == 1 ? "1 row" : count + " rows";
    }
}
