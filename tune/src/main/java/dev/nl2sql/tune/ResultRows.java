package dev.nl2sql.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A query's rows as values that compare across engines and drivers: numbers by value (12 significant digits, so
 * an integer and a double of the same value agree), bytes as hex, everything else as text. Execution accuracy
 * compares an answer's rows with the gold query's: in order when the gold query orders its rows, as multisets
 * otherwise.
 */
record ResultRows(List<List<String>> rows) {

    private static final MathContext DIGITS = new MathContext(12);
    private static final Pattern ORDER_BY = Pattern.compile("\\border\\s+by\\b", Pattern.CASE_INSENSITIVE);

    static ResultRows read(ResultSet rs, int maxRows) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<List<String>> rows = new ArrayList<>();
        while (rs.next() && rows.size() < maxRows) {
            List<String> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(value(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new ResultRows(rows);
    }

    private static String value(Object v) {
        if (v == null) {
            return "\u0000null";
        }
        if (v instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).round(DIGITS).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return n.toString().toLowerCase(Locale.ROOT); // NaN, Infinity
            }
        }
        if (v instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return v.toString();
    }

    /** Whether an answer with these rows is the gold query's answer. */
    boolean sameAnswer(ResultRows answer, String goldSql) {
        if (ORDER_BY.matcher(goldSql).find()) {
            return rows.equals(answer.rows);
        }
        return sorted(rows).equals(sorted(answer.rows));
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }
}
