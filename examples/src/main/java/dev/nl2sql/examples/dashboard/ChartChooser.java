package dev.nl2sql.examples.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses a chart from a result's shape, the way a person would: one number alone is a big value; numbers over
 * time are a line; numbers per category are bars; two numbers are a scatter plot. A result with nothing to measure
 * still gets a chart, of how many rows there are per time or per value of its first column, so every answer has
 * one. The page lets the user switch the kind.
 */
final class ChartChooser {

    /** At most this many measured columns are drawn, so a wide result stays readable. */
    static final int MAX_SERIES = 5;

    private ChartChooser() {
    }

    static ChartSpec choose(List<QueryResult.Column> columns, int rowCount) {
        List<Integer> numbers = indexes(columns, ColumnKind.NUMBER);
        List<Integer> times = indexes(columns, ColumnKind.TIME);
        List<Integer> texts = indexes(columns, ColumnKind.TEXT);
        if (rowCount == 1 && !numbers.isEmpty() && times.isEmpty() && texts.isEmpty()) {
            return new ChartSpec("value", -1, first(numbers, 1));
        }
        if (!times.isEmpty() && !numbers.isEmpty()) {
            return new ChartSpec("line", times.get(0), first(numbers, MAX_SERIES));
        }
        if (!texts.isEmpty() && !numbers.isEmpty()) {
            return new ChartSpec("bar", texts.get(0), first(numbers, MAX_SERIES));
        }
        if (numbers.size() >= 2) {
            return new ChartSpec("scatter", numbers.get(0), List.of(numbers.get(1)));
        }
        if (numbers.size() == 1) {
            return new ChartSpec("bar", -1, numbers);
        }
        if (!times.isEmpty()) {
            return new ChartSpec("line", times.get(0), List.of());
        }
        return new ChartSpec("bar", columns.isEmpty() ? -1 : 0, List.of());
    }

    private static List<Integer> indexes(List<QueryResult.Column> columns, ColumnKind kind) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).kind() == kind) {
                found.add(i);
            }
        }
        return found;
    }

    private static List<Integer> first(List<Integer> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }
}
