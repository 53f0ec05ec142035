package dev.nl2sql.driver;

/**
 * A statement in plain language: {@code NL: <question>}, or {@code EXPLAIN NL: <question>} for the SQL alone.
 *
 * <p>Recognised only at the very start of the statement, case-insensitive, after whitespace and SQL comments (Metabase
 * puts a {@code -- Metabase::} remark before every query). Nothing else is ever taken for a question: {@code NL} as a
 * table, a column or inside a string literal is plain SQL.
 */
public record NlCommand(String question, boolean explain) {

    /** The command in {@code sql}, or null where {@code sql} is plain SQL. */
    public static NlCommand parse(String sql) {
        if (sql == null) {
            return null;
        }
        int at = skipSpaceAndComments(sql, 0);
        boolean explain = false;
        if (startsWithWord(sql, at, "EXPLAIN")) {
            int afterExplain = at + "EXPLAIN".length();
            int next = skipSpaceAndComments(sql, afterExplain);
            if (next == afterExplain) {
                return null; // EXPLAINNL: is not our syntax
            }
            at = next;
            explain = true;
        }
        if (!sql.regionMatches(true, at, "NL:", 0, 3)) {
            return null;
        }
        return new NlCommand(sql.substring(at + 3).strip(), explain);
    }

    private static boolean startsWithWord(String sql, int at, String word) {
        return sql.regionMatches(true, at, word, 0, word.length());
    }

    /** Index of the first character at or after {@code from} that is neither whitespace nor inside a comment. */
    static int skipSpaceAndComments(String sql, int from) {
        int i = from;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return i; // an unterminated comment: leave it to the database to complain
                }
                i = end + 2;
            } else {
                return i;
            }
        }
        return i;
    }
}
