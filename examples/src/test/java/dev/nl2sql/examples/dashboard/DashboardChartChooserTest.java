package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart a result's shape calls for (ChartChooser), and the data drawn (ChartData). */
class DashboardChartChooserTest {

    private static List<QueryResult.Column> columns(ColumnKind... kinds) {
        List<QueryResult.Column> columns = new ArrayList<>();
        for (ColumnKind kind : kinds) {
            columns.add(new QueryResult.Column("c" + columns.size(), kind.name(), kind));
        }
        return columns;
    }

    /** A result of {@code rows} rows where every cell of a row holds that row's number: no value repeats. */
    private static ChartSpec choose(int rows, ColumnKind... kinds) {
        List<Object[]> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Object[] row = new Object[kinds.length];
            java.util.Arrays.fill(row, r);
            data.add(row);
        }
        return ChartChooser.choose(new QueryResult(columns(kinds), data, false));
    }

    @Test
    void oneNumberIsABigValue() {
        assertEquals(new ChartSpec("value", -1, List.of(0)), choose(1, ColumnKind.NUMBER));
        assertEquals("value", choose(1, ColumnKind.NUMBER, ColumnKind.NUMBER).kind());
    }

    @Test
    void numbersOverTimeAreALine() {
        assertEquals(new ChartSpec("line", 1, List.of(0, 2)),
                choose(10, ColumnKind.NUMBER, ColumnKind.TIME, ColumnKind.NUMBER, ColumnKind.TEXT));
    }

    @Test
    void numbersPerCategoryAreBars() {
        assertEquals(new ChartSpec("bar", 0, List.of(1)), choose(10, ColumnKind.TEXT, ColumnKind.NUMBER));
        assertEquals("bar", choose(1, ColumnKind.TEXT, ColumnKind.NUMBER).kind(), "one category is one bar");
    }

    @Test
    void twoNumbersAreAScatterPlot() {
        assertEquals(new ChartSpec("scatter", 0, List.of(1)),
                choose(10, ColumnKind.NUMBER, ColumnKind.NUMBER, ColumnKind.NUMBER));
    }

    @Test
    void oneNumberOverManyRowsIsBarsByRow() {
        assertEquals(new ChartSpec("bar", -1, List.of(0)), choose(10, ColumnKind.NUMBER));
    }

    @Test
    void nothingToMeasureIsATableUnlessValuesRepeat() {
        assertEquals(ChartSpec.table(), choose(10, ColumnKind.TIME, ColumnKind.TEXT), "no bar of 1s");
        assertEquals(ChartSpec.table(), choose(10, ColumnKind.TEXT, ColumnKind.TEXT));
        assertEquals(ChartSpec.table(), choose(0, ColumnKind.TEXT));
        assertEquals(ChartSpec.table(), choose(0, ColumnKind.TEXT, ColumnKind.NUMBER), "no rows, no chart");
        QueryResult countries = new QueryResult(columns(ColumnKind.TEXT, ColumnKind.TEXT), List.of(
                new Object[] {"France", "a"}, new Object[] {"Spain", "b"}, new Object[] {"France", "c"}), false);
        assertEquals(new ChartSpec("bar", 0, List.of()), ChartChooser.choose(countries));
        ChartData counted = ChartData.of(countries, ChartChooser.choose(countries));
        assertEquals(List.of("France", "Spain"), counted.x().values());
        assertEquals(List.of(2L, 1L), counted.y().get(0).values());
    }

    @Test
    void oneCellIsABigValueEvenWhenItIsText() {
        assertEquals(new ChartSpec("value", -1, List.of()), choose(1, ColumnKind.TEXT));
        QueryResult name = new QueryResult(columns(ColumnKind.TEXT), List.<Object[]>of(new Object[] {"Ada"}), false);
        ChartData data = ChartData.of(name, ChartChooser.choose(name));
        assertEquals("value", data.kind());
        assertEquals("Ada", data.y().get(0).values().get(0));
    }

    @Test
    void theUsersAxesAreCheckedAgainstTheResult() {
        List<QueryResult.Column> columns = columns(ColumnKind.TEXT, ColumnKind.NUMBER, ColumnKind.NUMBER);
        assertEquals(new ChartSpec("line", 2, List.of(1)), ChartSpec.chosen(columns, "line", 2, List.of(1)));
        assertEquals(400, assertThrows(ApiException.class,
                () -> ChartSpec.chosen(columns, "bar", 0, List.of(0))).status(), "text is not measured");
        assertEquals(400, assertThrows(ApiException.class,
                () -> ChartSpec.chosen(columns, "bar", 3, List.of(1))).status(), "no column 3");
        assertEquals(400, assertThrows(ApiException.class,
                () -> ChartSpec.chosen(columns, "pie", 0, List.of(1, 2))).status(), "a pie has one series");
        assertEquals(400, assertThrows(ApiException.class,
                () -> ChartSpec.chosen(columns, "donut", 0, List.of(1))).status());
    }

    @Test
    void aChartIsDescribedInWordsForScreenReaders() {
        QueryResult result = new QueryResult(columns(ColumnKind.TEXT, ColumnKind.NUMBER), List.of(
                new Object[] {"France", 2}, new Object[] {"Portugal", 5}, new Object[] {"Spain", 1}), false);
        ChartData data = ChartData.of(result, ChartChooser.choose(result));
        assertEquals("Bar chart of c1 by c0, 3 points. c1 is lowest, 1, at Spain, and highest, 5, at Portugal.",
                data.description());
    }

    @Test
    void manyNumbersAreBoundedInSeries() {
        ColumnKind[] kinds = new ColumnKind[9];
        java.util.Arrays.fill(kinds, ColumnKind.NUMBER);
        kinds[0] = ColumnKind.TEXT;
        assertEquals(ChartChooser.MAX_SERIES, choose(3, kinds).y().size());
    }

    @Test
    void aTimeAxisIsSortedAndRowsAreCounted() {
        QueryResult result = new QueryResult(columns(ColumnKind.TIME, ColumnKind.TEXT), List.of(
                new Object[] {"2024-03-01", "a"}, new Object[] {"2024-01-01", "b"}, new Object[] {"2024-03-01", "c"}),
                false);
        ChartData data = ChartData.of(result, ChartChooser.choose(result));
        assertEquals(List.of("2024-01-01", "2024-03-01"), data.x().values());
        assertEquals(List.of(1L, 2L), data.y().get(0).values());
    }
}
