package dev.nl2sql.engine.sql;

import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;

/**
 * Literal values that generated SQL may carry: text that every target stores and sends unchanged. A NUL character is
 * refused (PostgreSQL cannot hold it, and drivers cut or reject it), and so is half a surrogate pair (no valid text;
 * the driver would send a replacement character, a different value than the one checked). Interval literals must
 * look like intervals, since dialects write their text back verbatim.
 */
final class LiteralValues {

    private LiteralValues() {
    }

    static void check(SqlNode query) throws SqlCheckException {
        FirstProblem.refuse(query, call -> null, LiteralValues::problem);
    }

    private static String problem(SqlLiteral literal) {
        if (literal instanceof SqlCharStringLiteral text) {
            String value = text.getValueAs(String.class);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\u0000') {
                    return "A string in generated SQL may not contain the NUL character";
                }
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return "A string in generated SQL may not contain half of a surrogate pair (U+"
                            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ")";
                }
            }
        } else if (literal instanceof SqlIntervalLiteral interval) {
            String text = interval.getValueAs(SqlIntervalLiteral.IntervalValue.class).getIntervalLiteral();
            if (!text.matches("[0-9 :.+-]*")) {
                return "An interval in generated SQL must be digits, such as INTERVAL '3' DAY";
            }
        }
        return null;
    }
}
