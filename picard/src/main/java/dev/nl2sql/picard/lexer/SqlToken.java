package dev.nl2sql.picard.lexer;

/**
 * One SQL token as written.
 *
 * @param type  what kind of token
 * @param text  the token exactly as written (quotes and escapes included)
 * @param value the word, the symbol, the digits, or the unescaped content of a quoted name or string
 * @param quote the quote character of a {@link Type#QUOTED} or {@link Type#STRING} token, else 0
 */
public record SqlToken(Type type, String text, String value, char quote) {

    public enum Type {
        /** A bare word: a keyword or an unquoted name. */
        WORD,
        /** Text in double quotes or backticks: a quoted name, or a string where the dialect reads it so. */
        QUOTED,
        /** Text in single quotes. */
        STRING,
        /** Digits, with an optional fraction. */
        NUMBER,
        /** An operator or punctuation. */
        SYMBOL
    }

    public boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && value.equals(symbol);
    }

    public boolean isWord(String word) {
        return type == Type.WORD && value.equalsIgnoreCase(word);
    }
}
