package dev.nl2sql.engine.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Keeps pattern matching in generated SQL linear. LIKE is matched by backtracking on H2, SQLite and MariaDB: each
 * {@code %} that is not the pattern's last character multiplies the work by the value's length (measured on H2:
 * {@code '%a%b'} against 100,000 characters took 9 s, {@code '%a%a%a%b'} against 1,000 took 79 s), inside one row,
 * where no cancel reaches and, on embedded H2, in the caller's JVM. So a pattern must be a constant (data could hold
 * any number of {@code %}) with at most one {@code %} before its trailing ones: {@code 'abc%'}, {@code '%abc'},
 * {@code '%abc%'}, {@code 'a%c'}. Every LIKE in Spider dev's gold SQL has that form. Regular expressions
 * ({@code SIMILAR TO}, {@code RLIKE}) are refused outright.
 */
final class PatternLimit {

    /** The most runs of {@code %} a LIKE pattern may hold before its trailing ones. */
    static final int MAX_INNER_WILDCARDS = 1;

    private PatternLimit() {
    }

    static void check(SqlNode query) throws SqlCheckException {
        FirstProblem.refuse(query, PatternLimit::problem, literal -> null);
    }

    private static String problem(SqlCall call) {
        if (call.getKind() == SqlKind.SIMILAR || call.getKind() == SqlKind.RLIKE) {
            return "Generated SQL may not match regular expressions (SIMILAR TO, RLIKE); use LIKE with a pattern "
                    + "such as '%word%'";
        }
        if (call.getKind() != SqlKind.LIKE || call.operandCount() < 2) {
            return null;
        }
        if (!(call.operand(1) instanceof SqlCharStringLiteral literal)) {
            return "LIKE in generated SQL must compare with a constant pattern such as '%word%'";
        }
        String pattern = literal.getValueAs(String.class);
        int end = pattern.length();
        while (end > 0 && pattern.charAt(end - 1) == '%') {
            end--;
        }
        int runs = 0;
        for (int i = 0; i < end; i++) {
            if (pattern.charAt(i) == '%' && (i == 0 || pattern.charAt(i - 1) != '%')) {
                runs++;
            }
        }
        return runs <= MAX_INNER_WILDCARDS ? null : "The LIKE pattern '" + pattern + "' has " + runs + " '%' before its "
                + "end; at most " + MAX_INNER_WILDCARDS + " is allowed, since each multiplies the time to match by "
                + "the value's length (write '%word%', or two LIKE conditions joined by AND)";
    }
}
