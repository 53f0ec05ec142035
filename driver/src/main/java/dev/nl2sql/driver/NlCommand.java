package dev.nl2sql.driver;

import java.util.Locale;

/**
 * A statement in plain language: {@code NL: <question>}, or {@code EXPLAIN NL: <question>} for the SQL alone; or one
 * that teaches the database's memory: {@code NL TEACH: <question> => <SQL>}, {@code NL NOTE [ON <terms>]: <text>},
 * {@code NL FORGET: pair <id>} or {@code note <id>}, {@code NL LIST: [pairs|notes]}; or one about the connection's
 * conversation: {@code NL NEW: <question>} asks a question afresh, forgetting the earlier ones ({@code NL NEW:} alone
 * only forgets them), and {@code NL CONVERSATION:} lists them.
 *
 * <p>Recognised only at the very start of the statement, case-insensitive, after whitespace and SQL comments (Metabase
 * puts a {@code -- Metabase::} remark before every query). Nothing else is ever taken for a question: {@code NL} as a
 * table, a column or inside a string literal is plain SQL. A teaching command has a word between {@code NL} and the
 * colon, so it is never a question ({@code NL:} has none), and no SQL statement starts with {@code NL <word>}.
 *
 * @param question what follows the colon: the question, or the teaching command's argument
 * @param explain  EXPLAIN NL: (for a teaching command, refused)
 * @param kind     what the statement asks for
 * @param on       for NL NOTE ON ...: the terms between ON and the colon; null otherwise. For a teaching command
 *                 written wrongly (no colon, a stray word), the text that could not be read, with kind set
 */
public record NlCommand(String question, boolean explain, Kind kind, String on) {

    /** What an NL statement asks for. */
    public enum Kind {
        QUESTION, TEACH, NOTE, FORGET, LIST, NEW, CONVERSATION;

        /** The word after NL, as written in statements. */
        String word() {
            return name();
        }
    }

    public NlCommand(String question, boolean explain) {
        this(question, explain, Kind.QUESTION, null);
    }

    /** Whether this is a question (NL:, NL NEW: with a question, EXPLAIN of either) rather than a command. */
    public boolean isQuestion() {
        return kind == Kind.QUESTION || kind == Kind.NEW && question != null && !question.isBlank();
    }

    /** Whether the question stands alone, whatever was asked before on the connection (NL NEW:). */
    public boolean startsAfresh() {
        return kind == Kind.NEW;
    }

    /** Whether this lists or forgets the connection's conversation (NL CONVERSATION:, NL NEW: alone). */
    public boolean isConversationCommand() {
        return kind == Kind.CONVERSATION || kind == Kind.NEW && !isQuestion();
    }

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
        if (sql.regionMatches(true, at, "NL:", 0, 3)) {
            return new NlCommand(sql.substring(at + 3).strip(), explain);
        }
        return teaching(sql, at, explain);
    }

    /** {@code NL <KIND> [ON terms]: text}, or null where the word after NL is none of the kinds. */
    private static NlCommand teaching(String sql, int at, boolean explain) {
        if (!startsWithWord(sql, at, "NL") || at + 2 >= sql.length() || !Character.isWhitespace(sql.charAt(at + 2))) {
            return null;
        }
        int word = skipSpaceAndComments(sql, at + 2);
        for (Kind kind : Kind.values()) {
            String w = kind.word();
            if (kind == Kind.QUESTION || !startsWithWord(sql, word, w) || continuesWord(sql, word + w.length())) {
                continue;
            }
            int after = word + w.length();
            int colon = sql.indexOf(':', after);
            if (colon < 0) {
                return new NlCommand(null, explain, kind, sql.substring(after).strip());
            }
            String between = sql.substring(after, colon).strip();
            String text = sql.substring(colon + 1).strip();
            if (between.isEmpty()) {
                return new NlCommand(text, explain, kind, null);
            }
            if (kind == Kind.NOTE && between.length() > 3 && between.substring(0, 2).equalsIgnoreCase("ON")
                    && Character.isWhitespace(between.charAt(2))) {
                return new NlCommand(text, explain, kind, between.substring(3).strip());
            }
            return new NlCommand(null, explain, kind, between); // a stray word before the colon
        }
        return null;
    }

    private static boolean continuesWord(String sql, int at) {
        if (at >= sql.length()) {
            return false;
        }
        char c = sql.charAt(at);
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Whether a teaching command could not be read: question() is then null and on() holds what was written. */
    public boolean malformed() {
        return kind != Kind.QUESTION && question == null;
    }

    /** The syntax of this command, for messages. */
    String syntax() {
        return switch (kind) {
            case TEACH -> "NL TEACH: <question> => <SQL>";
            case NOTE -> "NL NOTE: <text>, or NL NOTE ON <table or column>, ...: <text>";
            case FORGET -> "NL FORGET: pair <id>, or NL FORGET: note <id> (NL LIST: shows the ids)";
            case LIST -> "NL LIST:, NL LIST: pairs, or NL LIST: notes";
            case NEW -> "NL NEW: <question>, or NL NEW: alone to forget the conversation";
            case CONVERSATION -> "NL CONVERSATION:";
            case QUESTION -> "NL: <question>";
        };
    }

    String word() {
        return "NL " + kind.word().toUpperCase(Locale.ROOT);
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
