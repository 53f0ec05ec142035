package dev.nl2sql.examples.dashboard;

import java.util.List;

/**
 * Which chart shows a result, and from which columns.
 *
 * @param kind      {@code line}, {@code bar}, {@code scatter}, {@code pie}, {@code value} (one big value) or
 *                  {@code table} (no chart fits: the table is the answer)
 * @param x         the column on the x axis (the labels of a pie), or -1 for the row number
 * @param y         the measured columns; empty when the chart counts rows per x value instead
 */
record ChartSpec(String kind, int x, List<Integer> y) {

    static final List<String> KINDS = List.of("line", "bar", "scatter", "pie", "value", "table");

    ChartSpec {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("Unknown chart kind: " + kind);
        }
        y = List.copyOf(y);
    }

    /** The table alone: nothing in the result is worth drawing. */
    static ChartSpec table() {
        return new ChartSpec("table", -1, List.of());
    }

    /** Whether the chart counts rows per x value, for results with nothing to measure. */
    boolean countsRows() {
        return y.isEmpty();
    }

    ChartSpec withKind(String other) {
        return new ChartSpec(other, x, y);
    }

    /**
     * The user's choice of kind and axes for a result, checked: the x column must exist (or be -1, the row number),
     * and the measured columns must exist and hold numbers (none means counting rows per x value).
     */
    static ChartSpec chosen(List<QueryResult.Column> columns, String kind, int x, List<Integer> y) {
        if (!KINDS.contains(kind)) {
            throw new ApiException(400, "A chart is one of " + KINDS + ", not " + kind);
        }
        if (x < -1 || x >= columns.size()) {
            throw new ApiException(400, "The x axis is a column from 0 to " + (columns.size() - 1)
                    + ", or -1 for the row number, not " + x);
        }
        if (y.size() > ChartChooser.MAX_SERIES) {
            throw new ApiException(400, "A chart draws at most " + ChartChooser.MAX_SERIES + " columns");
        }
        for (int column : y) {
            if (column < 0 || column >= columns.size() || columns.get(column).kind() != ColumnKind.NUMBER) {
                throw new ApiException(400, "Only columns of numbers can be measured; column " + column + " is "
                        + (column < 0 || column >= columns.size() ? "not in the result" : "not numbers"));
            }
        }
        if (kind.equals("pie") && y.size() > 1) {
            throw new ApiException(400, "A pie shows one column of numbers (or counts rows), not " + y.size());
        }
        return new ChartSpec(kind, x, y);
    }
}
