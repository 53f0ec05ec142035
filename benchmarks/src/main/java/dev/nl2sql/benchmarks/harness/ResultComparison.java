package dev.nl2sql.benchmarks.harness;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a predicted query's result equals the gold query's, by the rules of the official test-suite execution
 * evaluation (Zhong et al. 2020, {@code test-suite-sql-eval}, {@code exec_eval.py}, {@code result_eq}):
 *
 * <ul>
 *   <li>two empty results are equal (whatever their columns: the official code looks at columns only through the
 *       first row);</li>
 *   <li>otherwise the row counts and the column counts must be equal;</li>
 *   <li>column order and names are ignored: the results are equal if some permutation of the prediction's columns
 *       makes them equal;</li>
 *   <li>row order matters only when the gold SQL contains {@code order by} (case-insensitive); otherwise rows are
 *       compared as multisets (duplicates count);</li>
 *   <li>values are compared as the database returned them, as Python compares them: numbers by value (1 equals 1.0),
 *       text exactly, NULL equals NULL, bytes by content; text never equals a number;</li>
 *   <li>when exactly one of the two results holds binary floating values (SQLite's AVG is a double, PostgreSQL's AVG
 *       of integers an exact NUMERIC of 16 to 20 digits), an exact decimal of the other with more than 15
 *       significant digits is compared as the double nearest to it: a double cannot tell such decimals apart, so
 *       digits beyond it say which database answered, not whether the answer is right. Two exact results, and two
 *       results that both hold doubles, are compared exactly as before.</li>
 * </ul>
 *
 * <p>The search for a column permutation is pruned as the official code prunes it, but exactly rather than by
 * sampling: a prediction column can stand for a gold column only if both hold the same multiset of values.
 */
public final class ResultComparison {

    /** The outcome: equal or not, and why not in words for the report. */
    public record Verdict(boolean equal, String reason) {

        static final Verdict EQUAL = new Verdict(true, "");

        static Verdict differ(String reason) {
            return new Verdict(false, reason);
        }
    }

    private ResultComparison() {
    }

    /** The official rule: row order matters when the gold SQL contains "order by". */
    public static boolean orderMatters(String goldSql) {
        return goldSql.toLowerCase(Locale.ROOT).contains("order by");
    }

    public static boolean equivalent(List<List<Object>> gold, List<List<Object>> predicted, boolean orderMatters) {
        return compare(gold, predicted, orderMatters).equal();
    }

    public static Verdict compare(List<List<Object>> goldRows, List<List<Object>> predictedRows,
            boolean orderMatters) {
        if (goldRows.isEmpty() && predictedRows.isEmpty()) {
            return Verdict.EQUAL;
        }
        if (goldRows.size() != predictedRows.size()) {
            return Verdict.differ("gold has " + goldRows.size() + " rows, the answer " + predictedRows.size());
        }
        int columns = goldRows.get(0).size();
        if (predictedRows.get(0).size() != columns) {
            return Verdict.differ("gold has " + columns + " columns, the answer " + predictedRows.get(0).size());
        }
        boolean floats = binaryFloats(goldRows) || binaryFloats(predictedRows);
        List<List<Object>> gold = canonicalRows(goldRows, floats);
        List<List<Object>> predicted = canonicalRows(predictedRows, floats);
        if (orderMatters) {
            if (sameColumnsInAnyOrder(gold, predicted, columns)) {
                return Verdict.EQUAL;
            }
            return matchUnordered(gold, predicted, columns)
                    ? Verdict.differ("the same rows in another order (the gold SQL has ORDER BY)")
                    : Verdict.differ("different values");
        }
        return matchUnordered(gold, predicted, columns) ? Verdict.EQUAL : Verdict.differ("different values");
    }

    /**
     * Ordered rows: some column permutation makes the row lists equal exactly when the two results hold the same
     * multiset of columns, each column read top to bottom.
     */
    private static boolean sameColumnsInAnyOrder(List<List<Object>> gold, List<List<Object>> predicted, int columns) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            counts.merge(column(gold, c), 1, Integer::sum);
        }
        for (int c = 0; c < columns; c++) {
            Integer left = counts.merge(column(predicted, c), -1, Integer::sum);
            if (left < 0) {
                return false;
            }
        }
        return true;
    }

    /** Unordered rows: is there a column permutation under which the row multisets are equal? */
    private static boolean matchUnordered(List<List<Object>> gold, List<List<Object>> predicted, int columns) {
        // Necessary: each row, as a bag of values, occurs in both (the official quick rejection).
        if (!new HashSet<>(rowBags(gold)).equals(new HashSet<>(rowBags(predicted)))) {
            return false;
        }
        // A prediction column may stand for a gold column only if both hold the same multiset of values.
        List<Map<Object, Integer>> goldColumns = new ArrayList<>();
        List<Map<Object, Integer>> predictedColumns = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            goldColumns.add(multiset(column(gold, c)));
            predictedColumns.add(multiset(column(predicted, c)));
        }
        List<List<Integer>> candidates = new ArrayList<>();
        for (int g = 0; g < columns; g++) {
            List<Integer> fits = new ArrayList<>();
            for (int p = 0; p < columns; p++) {
                if (goldColumns.get(g).equals(predictedColumns.get(p))) {
                    fits.add(p);
                }
            }
            if (fits.isEmpty()) {
                return false;
            }
            candidates.add(fits);
        }
        // Identical prediction columns are interchangeable: try one of each kind at every step.
        int[] kind = new int[columns];
        for (int p = 0; p < columns; p++) {
            kind[p] = p;
            for (int q = 0; q < p; q++) {
                if (column(predicted, q).equals(column(predicted, p))) {
                    kind[p] = q;
                    break;
                }
            }
        }
        Integer[] order = new Integer[columns]; // gold columns with the fewest candidates first
        for (int g = 0; g < columns; g++) {
            order[g] = g;
        }
        Arrays.sort(order, Comparator.comparingInt(g -> candidates.get(g).size()));
        return assign(0, order, new int[columns], new boolean[columns], candidates, kind, gold, predicted);
    }

    /** Backtracking over column assignments; after each step the rows projected so far must match as multisets. */
    private static boolean assign(int depth, Integer[] order, int[] chosen, boolean[] used,
            List<List<Integer>> candidates, int[] kind, List<List<Object>> gold, List<List<Object>> predicted) {
        if (depth == order.length) {
            return true;
        }
        int g = order[depth];
        boolean[] triedKind = new boolean[kind.length];
        for (int p : candidates.get(g)) {
            if (used[p] || triedKind[kind[p]]) {
                continue;
            }
            triedKind[kind[p]] = true;
            used[p] = true;
            chosen[depth] = p;
            if (projectionsMatch(depth + 1, order, chosen, gold, predicted)
                    && assign(depth + 1, order, chosen, used, candidates, kind, gold, predicted)) {
                return true;
            }
            used[p] = false;
        }
        return false;
    }

    private static boolean projectionsMatch(int assigned, Integer[] order, int[] chosen, List<List<Object>> gold,
            List<List<Object>> predicted) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : gold) {
            List<Object> key = new ArrayList<>(assigned);
            for (int i = 0; i < assigned; i++) {
                key.add(row.get(order[i]));
            }
            counts.merge(key, 1, Integer::sum);
        }
        for (List<Object> row : predicted) {
            List<Object> key = new ArrayList<>(assigned);
            for (int i = 0; i < assigned; i++) {
                key.add(row.get(chosen[i]));
            }
            Integer left = counts.merge(key, -1, Integer::sum);
            if (left < 0) {
                return false;
            }
        }
        return true;
    }

    private static List<Object> column(List<List<Object>> rows, int c) {
        List<Object> values = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            values.add(row.get(c));
        }
        return values;
    }

    private static Map<Object, Integer> multiset(List<Object> values) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        return counts;
    }

    /** Each row's values sorted, so rows that differ only in column order look alike. */
    private static List<List<Object>> rowBags(List<List<Object>> rows) {
        List<List<Object>> bags = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> bag = new ArrayList<>(row);
            bag.sort(VALUE_ORDER);
            bags.add(bag);
        }
        return bags;
    }

    private static boolean binaryFloats(List<List<Object>> rows) {
        for (List<Object> row : rows) {
            for (Object v : row) {
                if (v instanceof Double || v instanceof Float) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code floats}: one of the two results holds binary floating values, whose last digits depend on how a database
     * adds them up (summation order, compensated or not, a DECIMAL average of integers beside SQLite's double): then
     * every number that is not an integer is compared at {@value #FLOAT_DIGITS} significant digits, in both results.
     * Integers, and results without floating values, are compared exactly.
     */
    private static List<List<Object>> canonicalRows(List<List<Object>> rows, boolean floats) {
        List<List<Object>> canonical = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> values = new ArrayList<>(row.size());
            for (Object v : row) {
                Object c = canonical(v);
                if (floats && c instanceof BigDecimal d && d.scale() > 0) {
                    c = d.round(new MathContext(FLOAT_DIGITS, RoundingMode.HALF_EVEN)).stripTrailingZeros();
                }
                values.add(c);
            }
            canonical.add(values);
        }
        return canonical;
    }

    /** Significant digits at which non-integers are compared when floating values are involved. */
    static final int FLOAT_DIGITS = 12;

    /**
     * Whether the order of the rows is part of the answer for a cross-database comparison: the outermost query has
     * ORDER BY (one inside a sub-query orders nothing the caller sees). The official Spider rule ({@link
     * #orderMatters}) looks for "order by" anywhere in the text.
     */
    public static boolean outerQueryOrdered(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        int depth = 0;
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int end = lower.indexOf(ch, i + 1);
                i = end < 0 ? lower.length() : end;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && lower.startsWith("order", i) && (i == 0 || !isWordChar(lower.charAt(i - 1)))
                    && i + 5 < lower.length() && !isWordChar(lower.charAt(i + 5))
                    && lower.substring(i + 5).stripLeading().startsWith("by")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }

    /** NULL, which (unlike Java's null) can sit in hash maps beside other values. */
    private enum Null {
        NULL
    }

    /** Bytes compared by content. */
    private record Bytes(byte[] data) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "x'" + java.util.HexFormat.of().formatHex(data) + "'";
        }
    }

    /**
     * A value in a form whose {@code equals} is Python's {@code ==} on what sqlite3 returns: every finite number
     * becomes its exact decimal value without trailing zeros (so 1, 1L and 1.0 are one value), a boolean is 1 or 0
     * (Python's True == 1), bytes compare by content, null becomes {@link Null#NULL}.
     */
    static Object canonical(Object value) {
        if (value == null) {
            return Null.NULL;
        }
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d).stripTrailingZeros() : (Object) d;
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros();
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i).stripTrailingZeros();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue()).stripTrailingZeros();
        }
        if (value instanceof byte[] bytes) {
            return new Bytes(bytes.clone());
        }
        return value;
    }

    /** A total order over canonical values, only to sort a row's values (its meaning does not matter). */
    private static final Comparator<Object> VALUE_ORDER = (a, b) -> {
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0) {
            return rank;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        int byText = Objects.toString(a).compareTo(Objects.toString(b));
        return byText != 0 ? byText : a.getClass().getName().compareTo(b.getClass().getName());
    };

    private static int rank(Object value) {
        if (value == Null.NULL) {
            return 0;
        }
        if (value instanceof BigDecimal) {
            return 1;
        }
        if (value instanceof String) {
            return 2;
        }
        return 3;
    }
}
