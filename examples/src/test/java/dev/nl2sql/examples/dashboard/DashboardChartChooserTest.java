package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static ChartSpec choose(int rows, ColumnKind... kinds) {
        return ChartChooser.choose(columns(kinds), rows);
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
    void nothingToMeasureCountsRows() {
        assertEquals(new ChartSpec("line", 0, List.of()), choose(10, ColumnKind.TIME, ColumnKind.TEXT));
        assertEquals(new ChartSpec("bar", 0, List.of()), choose(10, ColumnKind.TEXT, ColumnKind.TEXT));
        assertEquals(new ChartSpec("bar", 0, List.of()), choose(0, ColumnKind.TEXT));
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
        ChartData data = ChartData.of(result, ChartChooser.choose(result.columns(), result.rowCount()));
        assertEquals(List.of("2024-01-01", "2024-03-01"), data.x().values());
        assertEquals(List.of(1L, 2L), data.y().get(0).values());
    }
}
