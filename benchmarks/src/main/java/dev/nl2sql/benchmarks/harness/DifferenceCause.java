package dev.nl2sql.benchmarks.harness;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A first-guess class of why an answer differs between SQLite and the driver (on SQLite or on a server), read from
 * the SQL and the error: the classes of issue 18's list. A guess from text only; the report keeps the SQL and the
 * message beside it, so that each can be checked.
 */
final class DifferenceCause {

    private static final Pattern DIVISION = Pattern.compile("[\\w)\\]\"`]\\s*/\\s*[\\w(]");
    private static final Pattern LIMIT = Pattern.compile("(?i)\\blimit\\s+\\d+\\s*(,|offset)|\\bfetch\\s+first");
    private static final Pattern DATE = Pattern.compile("(?i)\\b(strftime|date|datetime|julianday|now|"
            + "current_date|current_timestamp)\\s*\\(|\\b(date|year|month)\\b");
    private static final Pattern TEXT_COMPARE = Pattern.compile("(?i)\\blike\\b|\\b(min|max)\\s*\\(|order\\s+by|"
            + "'[^']*'\\s*(=|<|>)|(=|<|>)\\s*'");

    private DifferenceCause() {
    }

    static String classify(String predictedSql, String driverSql, boolean ran, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        String sql = predictedSql == null ? "" : predictedSql;
        if (!ran) {
            if (m.contains("must be in group by")) {
                return "bare column beside GROUP BY (refused by the checker)";
            }
            if (m.contains("operator does not exist") || m.contains("(text) does not exist")
                    || m.contains("cannot be matched") || m.contains("invalid input syntax")
                    || m.contains("truncated incorrect")) {
                return "numbers stored as text (type mismatch)";
            }
            if (m.contains("does not parse") && sql.contains("\"")) {
                return "double-quoted string literal (refused by the checker)";
            }
            if (m.contains("cannot run")) {
                return "refused by the checker";
            }
            if (m.contains("timeout") || m.contains("timed out") || m.contains("cancel")) {
                return "timeout";
            }
            if (m.contains("function") && DATE.matcher(sql).find()) {
                return "date functions";
            }
            return "error on the target";
        }
        if (m.contains("another order")) {
            return "NULL or tie ordering";
        }
        if (Pattern.compile("(?i)\\blike\\b").matcher(sql).find() && m.contains("rows")) {
            return "LIKE case sensitivity"; // left: a pattern that is not a literal, or one with ESCAPE
        }
        if (Pattern.compile("(?i)order\\s+by\\s+count\\s*\\(.*limit").matcher(sql).find()) {
            return "ties under ORDER BY count(*) LIMIT";
        }
        if (Pattern.compile("(?i)\\bavg\\s*\\(|\\bsum\\s*\\(").matcher(sql).find()) {
            return "numeric type of aggregates";
        }
        if (DIVISION.matcher(sql).find()) {
            return "integer division / numeric type";
        }
        if (LIMIT.matcher(sql).find() || LIMIT.matcher(driverSql == null ? "" : driverSql).find()) {
            return "LIMIT forms";
        }
        if (DATE.matcher(sql).find()) {
            return "date functions";
        }
        if (TEXT_COMPARE.matcher(sql).find()) {
            return "string comparison / collation";
        }
        return "other wrong result";
    }
}
