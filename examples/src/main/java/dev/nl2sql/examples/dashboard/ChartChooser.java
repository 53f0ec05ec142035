package dev.nl2sql.examples.dashboard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses a chart from a result, the way a person would: one value alone is a big value; numbers over time are a
 * line; numbers per category are bars; two numbers are a scatter plot. A result with nothing to measure is counted
 * per value of its first column only where values repeat (countries of customers); otherwise, as for an empty
 * result, no chart fits and the table is the answer, rather than a bar of 1s per row. The page lets the user choose
 * the kind and the axes.
 */
final class ChartChooser {

    /** At most this many measured columns are drawn, so a wide result stays readable. */
    static final int MAX_SERIES = 5;

    private ChartChooser() {
    }

    static ChartSpec choose(QueryResult result) {
        List<QueryResult.Column> columns = result.columns();
        int rowCount = result.rowCount();
        List<Integer> numbers = indexes(columns, ColumnKind.NUMBER);
        List<Integer> times = indexes(columns, ColumnKind.TIME);
        List<Integer> texts = indexes(columns, ColumnKind.TEXT);
        if (rowCount == 0 || columns.isEmpty()) {
            return ChartSpec.table();
        }
        if (rowCount == 1 && columns.size() == 1) {
            return new ChartSpec("value", -1, numbers);
        }
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
        int x = times.isEmpty() ? 0 : times.get(0);
        if (!repeats(result, x)) {
            return ChartSpec.table();
        }
        return new ChartSpec(times.isEmpty() ? "bar" : "line", x, List.of());
    }

    /** Whether some value of the column occurs more than once (then counting rows per value says something). */
    private static boolean repeats(QueryResult result, int column) {
        Set<Object> seen = new HashSet<>();
        List<Object[]> rows = result.rows();
        for (int i = 0; i < Math.min(rows.size(), ChartData.MAX_POINTS); i++) {
            if (!seen.add(String.valueOf(rows.get(i)[column]))) {
                return true;
            }
        }
        return false;
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
