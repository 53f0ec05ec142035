package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {

    private static List<List<Object>> rows(Object[]... rows) {
        List<List<Object>> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(Arrays.asList(row));
        }
        return list;
    }

    private static Object[] row(Object... values) {
        return values;
    }

    @Test
    void unorderedRowsCompareAsMultisets() {
        var gold = rows(row("a", 1), row("b", 2), row("c", 3));
        assertTrue(ResultComparison.equivalent(gold, rows(row("c", 3), row("a", 1), row("b", 2)), false));
        assertFalse(ResultComparison.equivalent(gold, rows(row("c", 3), row("a", 1), row("b", 4)), false));
    }

    @Test
    void duplicatesCountAsInAMultiset() {
        var gold = rows(row("a"), row("a"), row("b"));
        assertTrue(ResultComparison.equivalent(gold, rows(row("a"), row("b"), row("a")), false));
        // the same set of rows, but a different number of each
        assertFalse(ResultComparison.equivalent(gold, rows(row("a"), row("b"), row("b")), false));
        assertFalse(ResultComparison.equivalent(gold, rows(row("a"), row("b")), false));
    }

    @Test
    void orderMattersOnlyWhenTheGoldHasOrderBy() {
        var gold = rows(row("a"), row("b"));
        var reversed = rows(row("b"), row("a"));
        assertTrue(ResultComparison.equivalent(gold, reversed, false));
        assertFalse(ResultComparison.equivalent(gold, reversed, true));
        assertTrue(ResultComparison.equivalent(gold, rows(row("a"), row("b")), true));
        ResultComparison.Verdict verdict = ResultComparison.compare(gold, reversed, true);
        assertTrue(verdict.reason().contains("another order"), verdict.reason());

        assertTrue(ResultComparison.orderMatters("SELECT name FROM singer ORDER BY age DESC"));
        assertTrue(ResultComparison.orderMatters("select name from singer order by age"));
        assertFalse(ResultComparison.orderMatters("SELECT name FROM singer GROUP BY age"));
        assertFalse(ResultComparison.orderMatters("SELECT border FROM t"), "'border' is no ORDER BY");
    }

    @Test
    void columnOrderIsIgnored() {
        var gold = rows(row("Joe", 52, "France"), row("Ann", 41, "Peru"));
        var permuted = rows(row(52, "France", "Joe"), row(41, "Peru", "Ann"));
        assertTrue(ResultComparison.equivalent(gold, permuted, false));
        assertTrue(ResultComparison.equivalent(gold, permuted, true));
        // the values of each column are right, but not paired as in gold
        var mispaired = rows(row("Joe", 41, "France"), row("Ann", 52, "Peru"));
        assertFalse(ResultComparison.equivalent(gold, mispaired, false));
        assertFalse(ResultComparison.equivalent(gold, mispaired, true));
    }

    @Test
    void orderedWithPermutedColumnsAndRowsInAnotherOrderIsWrong() {
        var gold = rows(row(1, "x"), row(2, "y"));
        assertFalse(ResultComparison.equivalent(gold, rows(row("y", 2), row("x", 1)), true));
        assertTrue(ResultComparison.equivalent(gold, rows(row("y", 2), row("x", 1)), false));
    }

    @Test
    void columnsWithTheSameValuesInDifferentPairingsNeedTheRightPermutation() {
        // every column holds {1, 2}; only the permutation (c, a, b) pairs the values as gold does
        var gold = rows(row(1, 1, 2), row(2, 2, 1));
        var predicted = rows(row(2, 1, 1), row(1, 2, 2));
        assertTrue(ResultComparison.equivalent(gold, predicted, false));
        var impossible = rows(row(1, 2, 1), row(2, 1, 1));
        assertFalse(ResultComparison.equivalent(gold, impossible, false));
    }

    @Test
    void numbersCompareByValue() {
        assertTrue(ResultComparison.equivalent(rows(row(1)), rows(row(1.0)), false));
        assertTrue(ResultComparison.equivalent(rows(row(1L)), rows(row(new BigDecimal("1.000"))), false));
        assertTrue(ResultComparison.equivalent(rows(row(34.5, 3)), rows(row(3L, 34.5)), false));
        assertFalse(ResultComparison.equivalent(rows(row(1)), rows(row(1.5)), false));
        assertTrue(ResultComparison.equivalent(rows(row(0.1)), rows(row(new BigDecimal("0.1"))), false),
                "beside a double, a non-integer is compared at 12 significant digits");
        assertFalse(ResultComparison.equivalent(rows(row(new BigDecimal("0.1"))),
                rows(row(new BigDecimal("0.10000000000001"))), false), "two exact values are compared exactly");
        assertFalse(ResultComparison.equivalent(rows(row(1)), rows(row("1")), false), "text never equals a number");
        assertTrue(ResultComparison.equivalent(rows(row(0.0)), rows(row(0)), false));
    }

    @Test
    void textComparesExactly() {
        assertFalse(ResultComparison.equivalent(rows(row("France")), rows(row("france")), false));
        assertFalse(ResultComparison.equivalent(rows(row("France")), rows(row("France ")), false));
    }

    @Test
    void nullEqualsNullAndNothingElse() {
        assertTrue(ResultComparison.equivalent(rows(row(null, "a")), rows(row("a", null)), false));
        assertFalse(ResultComparison.equivalent(rows(row((Object) null)), rows(row(0)), false));
        assertFalse(ResultComparison.equivalent(rows(row((Object) null)), rows(row("")), false));
    }

    @Test
    void bytesCompareByContent() {
        assertTrue(ResultComparison.equivalent(rows(row((Object) new byte[] {1, 2})),
                rows(row((Object) new byte[] {1, 2})), false));
        assertFalse(ResultComparison.equivalent(rows(row((Object) new byte[] {1, 2})),
                rows(row((Object) new byte[] {2, 1})), false));
    }

    @Test
    void differentColumnCountsDiffer() {
        ResultComparison.Verdict verdict = ResultComparison.compare(rows(row("a", 1)), rows(row("a")), false);
        assertFalse(verdict.equal());
        assertEquals("gold has 2 columns, the answer 1", verdict.reason());
        assertEquals("gold has 1 rows, the answer 2",
                ResultComparison.compare(rows(row("a")), rows(row("a"), row("a")), false).reason());
    }

    @Test
    void twoEmptyResultsAreEqualWhateverTheirColumnsAsInTheOfficialCode() {
        assertTrue(ResultComparison.equivalent(List.of(), List.of(), false));
        assertTrue(ResultComparison.equivalent(List.of(), List.of(), true));
        assertFalse(ResultComparison.equivalent(List.of(), rows(row("a")), false));
    }

    @Test
    void manyIdenticalColumnsDoNotExplode() {
        Object[] g = new Object[10];
        Object[] p = new Object[10];
        Arrays.fill(g, 7);
        Arrays.fill(p, 7);
        p[9] = 8;
        List<List<Object>> gold = new ArrayList<>();
        List<List<Object>> predicted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            gold.add(Arrays.asList(g));
            predicted.add(Arrays.asList(p));
        }
        assertFalse(ResultComparison.equivalent(gold, predicted, false));
        assertTrue(ResultComparison.equivalent(gold, gold, false));
    }

    @Test
    void besideFloatingValuesNonIntegersCompareAtTwelveDigits() {
        // SQLite's avg of integers is a double; PostgreSQL's avg(int) a NUMERIC of 16 to 20 digits
        List<List<Object>> sqlite = rows(row(10621.666666666666, "a"));
        assertTrue(ResultComparison.equivalent(sqlite, rows(row(new BigDecimal("10621.6666666666666667"), "a")), false));
        assertTrue(ResultComparison.equivalent(rows(row(new BigDecimal("3.3333333333333333"))),
                rows(row(3.3333333333333335)), true));
        // two sums of the same doubles in another order differ in the last bit: the same answer
        double sum = 50.84347826086956;
        assertTrue(ResultComparison.equivalent(rows(row(sum)), rows(row(Math.nextUp(sum))), false));
        // MariaDB's 4 decimals are another answer
        assertFalse(ResultComparison.equivalent(rows(row(3.3333333333333335)), rows(row(new BigDecimal("3.3333"))),
                false));
        // a difference within 12 significant digits is another answer
        assertFalse(ResultComparison.equivalent(sqlite, rows(row(new BigDecimal("10621.6666676667"), "a")), false));
        assertFalse(ResultComparison.equivalent(rows(row(sum)), rows(row(sum * (1 + 1e-10))), false));
        // integers are never rounded, and two exact results are compared exactly
        assertFalse(ResultComparison.equivalent(rows(row(1.5, 123456789012345L)), rows(row(1.5, 123456789012346L)),
                false));
        assertFalse(ResultComparison.equivalent(rows(row(new BigDecimal("3.3333333333333333"))),
                rows(row(new BigDecimal("3.33333333333333333"))), false));
    }

    @Test
    void onAnotherDatabaseOnlyTheOuterOrderByCounts() {
        assertTrue(ResultComparison.outerQueryOrdered("SELECT name FROM singer ORDER BY age"));
        assertTrue(ResultComparison.outerQueryOrdered("select a from t union select b from u order  by 1"));
        assertFalse(ResultComparison.outerQueryOrdered("SELECT name FROM dogs WHERE breed = (SELECT breed FROM dogs "
                + "GROUP BY breed ORDER BY count(*) LIMIT 1)"));
        assertFalse(ResultComparison.outerQueryOrdered("SELECT 'order by' FROM t"));
        assertFalse(ResultComparison.outerQueryOrdered("SELECT border FROM t"));
    }
}
