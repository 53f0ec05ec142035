package dev.nl2sql.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Lexical look at SQL text that does not parse: its statements and their first keywords. */
public final class StatementText {

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
    public static int endOfQuoted(String sql, int start) {
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
     * {@code EXTRACT(YEAR FROM d)}, {@code INTERVAL '1' YEAR}, {@code DATE '2024-01-01'}). Strings, quoted names and comments are left alone.
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
                boolean keywordUse = next == '(' || next == '\'' || previous == '\''
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

    /** A lexical token: a word, a quoted text (kind is its quote character), a comment, blanks or one character. */
    private record Token(int start, int end, char kind) {
        static final char WORD = 'w';
        static final char BLANK = ' ';
        static final char COMMENT = 'c';
        static final char OTHER = 'o';

        String text(String sql) {
            return sql.substring(start, end);
        }

        boolean isWord(String sql, String word) {
            return kind == WORD && text(sql).equalsIgnoreCase(word);
        }

        boolean significant() {
            return kind != BLANK && kind != COMMENT;
        }
    }

    private static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            int j;
            char kind;
            if (ch == '\'' || ch == '"' || ch == '`') {
                j = endOfQuoted(sql, i);
                kind = ch;
            } else if (ch == '[' && sql.indexOf(']', i + 1) > i) {
                j = sql.indexOf(']', i + 1) + 1; // SQLite's [name]: no escapes, it ends at the first ]
                kind = '[';
            } else if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                j = sql.indexOf('\n', i);
                j = j < 0 ? n : j;
                kind = Token.COMMENT;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                j = sql.indexOf("*/", i + 2);
                j = j < 0 ? n : j + 2;
                kind = Token.COMMENT;
            } else if (Character.isLetter(ch) || ch == '_') {
                j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$')) {
                    j++;
                }
                kind = Token.WORD;
            } else if (Character.isWhitespace(ch)) {
                j = i;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                kind = Token.BLANK;
            } else {
                j = i + 1;
                kind = Token.OTHER;
            }
            out.add(new Token(i, j, kind));
            i = j;
        }
        return out;
    }

    /** Functions whose parentheses hold a FROM that is not a table position ({@code EXTRACT(YEAR FROM d)}). */
    private static final java.util.Set<String> FROM_FUNCTIONS = java.util.Set.of("EXTRACT", "SUBSTRING", "SUBSTR",
            "TRIM", "POSITION", "OVERLAY");
    /** Functions whose parentheses hold an AS followed by a type, not an alias ({@code CAST(x AS date)}). */
    private static final java.util.Set<String> TYPE_FUNCTIONS = java.util.Set.of("CAST", "TRY_CAST",
            "SAFE_CAST", "CONVERT");

    /**
     * For each significant token, the upper-case name of the function whose parentheses enclose it, or "" where it
     * is not inside a function call's parentheses (top level or a sub-query's parentheses count as "").
     */
    private static String[] enclosingFunctions(String sql, List<Token> toks) {
        String[] out = new String[toks.size()];
        java.util.ArrayDeque<String> frames = new java.util.ArrayDeque<>();
        Token previous = null;
        for (int t = 0; t < toks.size(); t++) {
            Token tok = toks.get(t);
            out[t] = frames.isEmpty() ? "" : frames.peek();
            if (!tok.significant()) {
                continue;
            }
            if (tok.kind() == Token.OTHER && sql.charAt(tok.start()) == '(') {
                frames.push(previous != null && previous.kind() == Token.WORD
                        ? previous.text(sql).toUpperCase(Locale.ROOT) : "");
            } else if (tok.kind() == Token.OTHER && sql.charAt(tok.start()) == ')' && !frames.isEmpty()) {
                frames.pop();
            }
            previous = tok;
        }
        return out;
    }

    /** The unquoted content of a quoted token. */
    private static String unquote(String quoted) {
        char q = quoted.charAt(0);
        String body = quoted.length() >= 2 && quoted.charAt(quoted.length() - 1) == q
                ? quoted.substring(1, quoted.length() - 1) : quoted.substring(1);
        return body.replace(String.valueOf(q) + q, String.valueOf(q));
    }

    /**
     * SQLite's quoting, normalised to the double-quoted names Calcite's parser reads: a backtick-quoted name (an
     * identifier quote in SQLite, as in MySQL) and a name in square brackets (SQLite's third identifier quote) are
     * written in double quotes, and a single-quoted text directly after
     * FROM or JOIN (outside a function's parentheses) that names a table of the schema is that table, as SQLite reads
     * it ({@code FROM 'flights'}). Every other single-quoted text stays a string.
     */
    static String normaliseSqliteQuoting(String sql, Predicate<String> isTable) {
        return normaliseNameQuoting(sql, isTable, '"', true);
    }

    /**
     * The same reading for another target, whose parser takes {@code quote} for names: a backtick-quoted name, and a
     * single-quoted table name after FROM or JOIN, are written with {@code quote}. {@code brackets}: {@code [name]}
     * too (SQLite only: elsewhere brackets subscript arrays).
     */
    static String normaliseNameQuoting(String sql, Predicate<String> isTable, char quote, boolean brackets) {
        List<Token> toks = tokens(sql);
        String[] functions = enclosingFunctions(sql, toks);
        StringBuilder out = new StringBuilder(sql.length() + 8);
        Token previous = null;
        for (int t = 0; t < toks.size(); t++) {
            Token tok = toks.get(t);
            String text = tok.text(sql);
            String q = String.valueOf(quote);
            if (tok.kind() == '[' && brackets) {
                String name = text.substring(1, text.length() - 1);
                out.append(quote).append(name.replace(q, q + q)).append(quote);
            } else if ((tok.kind() == '`' && quote != '`') || (tok.kind() == '\'' && previous != null
                    && (previous.isWord(sql, "FROM") || previous.isWord(sql, "JOIN"))
                    && !FROM_FUNCTIONS.contains(functions[t]) && isTable.test(unquote(text)))) {
                out.append(quote).append(unquote(text).replace(q, q + q)).append(quote);
            } else if (tok.kind() == '[') {
                out.append(text.charAt(0)); // not a name here: the bracket is read again as itself
                out.append(normaliseNameQuoting(text.substring(1), isTable, quote, false));
            } else {
                out.append(text);
            }
            if (tok.significant()) {
                previous = tok;
            }
        }
        return out.toString();
    }

    /**
     * Double quotes as SQLite reads them, for MariaDB/MySQL, whose parser here takes backticks for names: a
     * double-quoted text that names a table or column of the schema, or a name the query declares ({@code AS "n"},
     * {@code WITH "n" AS (...)}), is that name, written in backticks; any other is a string, as MariaDB reads it
     * without ANSI_QUOTES and SQLite reads a quoted name that names nothing ({@code WHERE country = "USA"}). The
     * answer session pins NO_BACKSLASH_ESCAPES, so a backslash inside stands for itself, as the string is read here.
     */
    static String normaliseMariadbQuoting(String sql, Predicate<String> isSchemaName) {
        List<Token> toks = tokens(sql);
        String[] functions = enclosingFunctions(sql, toks);
        java.util.Set<String> declared = new java.util.HashSet<>();
        Token previous = null;
        for (int t = 0; t < toks.size(); t++) {
            Token tok = toks.get(t);
            if (!tok.significant()) {
                continue;
            }
            boolean nameToken = tok.kind() == Token.WORD || tok.kind() == '"' || tok.kind() == '`';
            if (nameToken && previous != null && previous.isWord(sql, "AS") && !TYPE_FUNCTIONS.contains(functions[t])) {
                declared.add(name(tok.text(sql)));
            }
            if (nameToken && previous != null && (previous.isWord(sql, "WITH") || isComma(sql, previous))) {
                int as = nextSignificant(toks, t);
                int open = as < 0 ? -1 : nextSignificant(toks, as);
                if (open >= 0 && toks.get(as).isWord(sql, "AS") && sql.charAt(toks.get(open).start()) == '(') {
                    declared.add(name(tok.text(sql))); // a WITH item's name: n AS (
                }
            }
            previous = tok;
        }
        StringBuilder out = new StringBuilder(sql.length() + 8);
        for (Token tok : toks) {
            String text = tok.text(sql);
            if (tok.kind() == '"' && closed(text)) {
                String body = unquote(text);
                if (isSchemaName.test(body) || declared.contains(body.toLowerCase(Locale.ROOT))) {
                    out.append('`').append(body.replace("`", "``")).append('`');
                } else {
                    out.append('\'').append(body.replace("'", "''")).append('\'');
                }
            } else {
                out.append(text);
            }
        }
        return out.toString();
    }

    /** Whether a quoted token ends with its closing quote (an unclosed one is left for the parser to refuse). */
    private static boolean closed(String quoted) {
        char q = quoted.charAt(0);
        for (int i = 1; i < quoted.length(); i++) {
            if (quoted.charAt(i) == q) {
                if (i + 1 < quoted.length() && quoted.charAt(i + 1) == q) {
                    i++;
                } else {
                    return i == quoted.length() - 1;
                }
            }
        }
        return false;
    }

    private static String name(String token) {
        char first = token.charAt(0);
        return (first == '"' || first == '`' ? unquote(token) : token).toLowerCase(Locale.ROOT);
    }

    private static boolean isComma(String sql, Token tok) {
        return tok.kind() == Token.OTHER && sql.charAt(tok.start()) == ',';
    }

    private static int nextSignificant(List<Token> toks, int t) {
        for (int u = t + 1; u < toks.size(); u++) {
            if (toks.get(u).significant()) {
                return u;
            }
        }
        return -1;
    }

    /**
     * The names (lower case) declared after AS that are reserved words of the parser ({@code COUNT(*) AS count},
     * {@code JOIN addresses AS current}); an AS inside CAST's parentheses is followed by a type and is left alone.
     */
    static java.util.Set<String> reservedAliases(String sql, Predicate<String> isReserved) {
        List<Token> toks = tokens(sql);
        String[] functions = enclosingFunctions(sql, toks);
        java.util.Set<String> out = new java.util.HashSet<>();
        Token previous = null;
        for (int t = 0; t < toks.size(); t++) {
            Token tok = toks.get(t);
            if (!tok.significant()) {
                continue;
            }
            if (tok.kind() == Token.WORD && previous != null && previous.isWord(sql, "AS")
                    && !TYPE_FUNCTIONS.contains(functions[t])
                    && isReserved.test(tok.text(sql).toUpperCase(Locale.ROOT))) {
                out.add(tok.text(sql).toLowerCase(Locale.ROOT));
            }
            previous = tok;
        }
        return out;
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
