package dev.nl2sql.picard.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL written freely (any case, any whitespace) into tokens, one character at a time, so that text arriving in
 * pieces (a model's tokens) is lexed without going back: a {@link Run} holds the unfinished token between pieces.
 * Comments, parameters and characters no supported query uses are lexical errors.
 */
public final class SqlLexer {

    /** Receives each finished token; returns false to stop lexing (the token was refused). */
    public interface TokenSink {
        boolean accept(SqlToken token);
    }

    private final char identifierQuote;
    private final boolean doubleQuotes;

    /**
     * @param identifierQuote     the dialect's quote for names
     * @param doubleQuotedStrings whether {@code "..."} is also read as quoted text where it is not the name quote
     */
    public SqlLexer(char identifierQuote, boolean doubleQuotedStrings) {
        this.identifierQuote = identifierQuote;
        this.doubleQuotes = doubleQuotedStrings && identifierQuote != '"';
    }

    /** The unfinished token: mutable while one piece of text is lexed, copied into a checker state between pieces. */
    public static final class Run {
        LexMode mode;
        final StringBuilder text;
        char quote;
        String error;

        public Run() {
            this(LexMode.BETWEEN, "", (char) 0);
        }

        public Run(LexMode mode, String text, char quote) {
            this.mode = mode;
            this.text = new StringBuilder(text);
            this.quote = quote;
        }

        public LexMode mode() {
            return mode;
        }

        /** The unfinished token's text so far, as written. */
        public String text() {
            return text.toString();
        }

        public char quote() {
            return quote;
        }

        /** Why lexing stopped, or null. */
        public String error() {
            return error;
        }
    }

    /** All tokens of a complete text. */
    public List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        Run run = new Run();
        for (int i = 0; i < sql.length(); i++) {
            if (!feed(run, sql.charAt(i), tokens::add)) {
                throw new IllegalArgumentException(run.error + " at offset " + i + " of: " + sql);
            }
        }
        if (!finish(run, tokens::add)) {
            throw new IllegalArgumentException(run.error + " at the end of: " + sql);
        }
        return tokens;
    }

    /** Reads one more character; false on a lexical error (in {@link Run#error()}) or when the sink refused. */
    public boolean feed(Run run, char c, TokenSink sink) {
        switch (run.mode) {
            case BETWEEN:
                return start(run, c, sink);
            case WORD:
                if (isWordPart(c)) {
                    run.text.append(c);
                    return true;
                }
                return emit(run, SqlToken.Type.WORD, sink) && start(run, c, sink);
            case NUMBER:
                if (isDigit(c)) {
                    run.text.append(c);
                    return true;
                }
                if (c == '.') {
                    run.text.append(c);
                    run.mode = LexMode.NUMBER_POINT;
                    return true;
                }
                return afterNumber(run, c, sink);
            case NUMBER_POINT:
                if (isDigit(c)) {
                    run.text.append(c);
                    run.mode = LexMode.FRACTION;
                    return true;
                }
                return fail(run, "a number cannot end in a decimal point");
            case FRACTION:
                if (isDigit(c)) {
                    run.text.append(c);
                    return true;
                }
                return c == '.' ? fail(run, "a number has one decimal point") : afterNumber(run, c, sink);
            case QUOTED:
            case STRING:
                run.text.append(c);
                if (c == run.quote) {
                    run.mode = run.mode == LexMode.QUOTED ? LexMode.QUOTED_END : LexMode.STRING_END;
                }
                return true;
            case QUOTED_END:
            case STRING_END:
                if (c == run.quote) {
                    // a doubled quote is a quote inside the text
                    run.text.append(c);
                    run.mode = run.mode == LexMode.QUOTED_END ? LexMode.QUOTED : LexMode.STRING;
                    return true;
                }
                return emit(run, run.mode == LexMode.QUOTED_END ? SqlToken.Type.QUOTED : SqlToken.Type.STRING, sink)
                        && start(run, c, sink);
            case SYMBOL:
                return afterSymbolStart(run, c, sink);
            default:
                throw new AssertionError(run.mode);
        }
    }

    /** Ends the text: finishes the pending token; false if it cannot end here. */
    public boolean finish(Run run, TokenSink sink) {
        return switch (run.mode) {
            case BETWEEN -> true;
            case WORD -> emit(run, SqlToken.Type.WORD, sink);
            case NUMBER, FRACTION -> emit(run, SqlToken.Type.NUMBER, sink);
            case QUOTED_END -> emit(run, SqlToken.Type.QUOTED, sink);
            case STRING_END -> emit(run, SqlToken.Type.STRING, sink);
            case NUMBER_POINT -> fail(run, "a number cannot end in a decimal point");
            case QUOTED -> fail(run, "unterminated quoted name");
            case STRING -> fail(run, "unterminated string");
            case SYMBOL -> {
                char first = run.text.charAt(0);
                yield first == '<' || first == '>' ? emit(run, SqlToken.Type.SYMBOL, sink)
                        : fail(run, "unknown operator " + first);
            }
        };
    }

    private boolean start(Run run, char c, TokenSink sink) {
        run.text.setLength(0);
        run.quote = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            run.mode = LexMode.BETWEEN;
            return true;
        }
        run.text.append(c);
        if (isWordStart(c)) {
            run.mode = LexMode.WORD;
        } else if (isDigit(c)) {
            run.mode = LexMode.NUMBER;
        } else if (c == '\'') {
            run.mode = LexMode.STRING;
            run.quote = c;
        } else if (c == identifierQuote || (doubleQuotes && c == '"')) {
            run.mode = LexMode.QUOTED;
            run.quote = c;
        } else if (c == '<' || c == '>' || c == '!' || c == '|') {
            run.mode = LexMode.SYMBOL;
        } else if ("(),.;*+-/%=".indexOf(c) >= 0) {
            return emit(run, SqlToken.Type.SYMBOL, sink);
        } else {
            run.mode = LexMode.BETWEEN;
            run.text.setLength(0);
            return fail(run, "unexpected character '" + c + "'");
        }
        return true;
    }

    private boolean afterNumber(Run run, char c, TokenSink sink) {
        if (isWordPart(c)) {
            return fail(run, "a name cannot start with a digit");
        }
        return emit(run, SqlToken.Type.NUMBER, sink) && start(run, c, sink);
    }

    private boolean afterSymbolStart(Run run, char c, TokenSink sink) {
        char first = run.text.charAt(0);
        boolean joins = (first == '<' && (c == '=' || c == '>')) || (first == '>' && c == '=')
                || (first == '!' && c == '=') || (first == '|' && c == '|');
        if (joins) {
            run.text.append(c);
            return emit(run, SqlToken.Type.SYMBOL, sink);
        }
        if (first == '!' || first == '|') {
            return fail(run, "unknown operator " + first);
        }
        return emit(run, SqlToken.Type.SYMBOL, sink) && start(run, c, sink);
    }

    private static boolean emit(Run run, SqlToken.Type type, TokenSink sink) {
        String text = run.text.toString();
        String value = switch (type) {
            case QUOTED, STRING -> unquote(text, run.quote);
            default -> text;
        };
        SqlToken token = new SqlToken(type, text, value, type == SqlToken.Type.QUOTED
                || type == SqlToken.Type.STRING ? run.quote : 0);
        run.mode = LexMode.BETWEEN;
        run.text.setLength(0);
        run.quote = 0;
        if (!sink.accept(token)) {
            run.error = "refused " + text;
            return false;
        }
        return true;
    }

    /** The content between the quotes, a doubled quote read as one. */
    public static String unquote(String quoted, char quote) {
        String inner = quoted.substring(1, quoted.length() - 1);
        String q = String.valueOf(quote);
        return inner.replace(q + q, q);
    }

    private static boolean fail(Run run, String message) {
        run.error = message;
        return false;
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '$';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
