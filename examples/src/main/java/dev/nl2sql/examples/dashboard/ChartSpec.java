package dev.nl2sql.examples.dashboard;

import java.util.List;

/**
 * Which chart shows a result, and from which columns.
 *
 * @param kind      {@code line}, {@code bar}, {@code scatter} or {@code value} (one big number)
 * @param x         the column on the x axis, or -1 for the row number
 * @param y         the measured columns; empty when the chart counts rows per x value instead
 */
record ChartSpec(String kind, int x, List<Integer> y) {

    static final List<String> KINDS = List.of("line", "bar", "scatter", "value");

    ChartSpec {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("Unknown chart kind: " + kind);
        }
        y = List.copyOf(y);
    }

    /** Whether the chart counts rows per x value, for results with nothing to measure. */
    boolean countsRows() {
        return y.isEmpty();
    }

    ChartSpec withKind(String other) {
        return new ChartSpec(other, x, y);
    }
}
