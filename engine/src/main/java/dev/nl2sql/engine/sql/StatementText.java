package dev.nl2sql.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Lexical look at SQL text that does not parse: its statements and their first keywords. */
final class StatementText {

    private StatementText() {
    }

    /** The non-blank statements, split at semicolons outside quotes and comments. */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int j = endOfQuoted(sql, i);
                cur.append(sql, i, j);
                i = j;
            } else if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int j = sql.indexOf('\n', i);
                i = j < 0 ? n : j;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int j = sql.indexOf("*/", i + 2);
                i = j < 0 ? n : j + 2;
                cur.append(' ');
            } else if (ch == ';') {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().strip());
                }
                cur.setLength(0);
                i++;
            } else {
                cur.append(ch);
                i++;
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    /** The statement's first word, upper case (after comments and opening parentheses), or null. */
    static String firstKeyword(String statement) {
        List<String> parts = split(statement); // also drops comments
        if (parts.isEmpty()) {
            return null;
        }
        String s = parts.get(0);
        int i = 0;
        while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '(')) {
            i++;
        }
        int j = i;
        while (j < s.length() && Character.isLetter(s.charAt(j))) {
            j++;
        }
        return j > i ? s.substring(i, j).toUpperCase(Locale.ROOT) : null;
    }

    /**
     * The index just past the quoted text that starts at {@code start} (a string or quoted name; a doubled quote
     * character stands for itself), or the end of the text when it is not closed.
     */
    private static int endOfQuoted(String sql, int start) {
        char quote = sql.charAt(start);
        int j = start + 1;
        while (j < sql.length()) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return sql.length();
    }

    /**
     * Quotes bare words that are schema names but reserved words of the parser ({@code year}, {@code date},
     * {@code value} are common column names), unless they look like the keyword (a function call {@code year(d)},
     * {@code EXTRACT(YEAR FROM d)}, {@code INTERVAL '1' YEAR}). Strings, quoted names and comments are left alone.
     */
    static String quoteReservedNames(String sql, char quote, Predicate<String> isSchemaName,
            Predicate<String> isReserved) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int i = 0;
        int n = sql.length();
        char previous = ' '; // the last non-blank character written
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int j = endOfQuoted(sql, i);
                out.append(sql, i, j);
                previous = ch;
                i = j;
            } else if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int j = sql.indexOf('\n', i);
                j = j < 0 ? n : j;
                out.append(sql, i, j);
                i = j;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int j = sql.indexOf("*/", i + 2);
                j = j < 0 ? n : j + 2;
                out.append(sql, i, j);
                i = j;
            } else if (Character.isLetter(ch) || ch == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$')) {
                    j++;
                }
                String word = sql.substring(i, j);
                int k = j;
                while (k < n && Character.isWhitespace(sql.charAt(k))) {
                    k++;
                }
                char next = k < n ? sql.charAt(k) : ' ';
                String nextWord = sql.substring(k, Math.min(n, k + 5)).toUpperCase(Locale.ROOT);
                boolean keywordUse = next == '(' || previous == '\''
                        || (previous == '(' && nextWord.startsWith("FROM") && (nextWord.length() == 4
                                || !Character.isLetterOrDigit(nextWord.charAt(4))));
                if (!keywordUse && isReserved.test(word.toUpperCase(Locale.ROOT)) && isSchemaName.test(word)) {
                    out.append(quote).append(word).append(quote);
                } else {
                    out.append(word);
                }
                previous = word.charAt(word.length() - 1);
                i = j;
            } else {
                out.append(ch);
                if (!Character.isWhitespace(ch)) {
                    previous = ch;
                }
                i++;
            }
        }
        return out.toString();
    }

    /** The text without trailing semicolons and whitespace. */
    static String stripTrailingSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
