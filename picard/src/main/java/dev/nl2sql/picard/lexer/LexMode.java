package dev.nl2sql.picard.lexer;

/** Where the lexer stands within a token that is not finished yet. */
public enum LexMode {
    /** Between tokens: nothing pending. */
    BETWEEN,
    WORD,
    NUMBER,
    /** Digits and a decimal point: a digit must follow. */
    NUMBER_POINT,
    FRACTION,
    /** Inside a quoted name. */
    QUOTED,
    /** A quoted name's closing quote, unless the next character doubles it (an escaped quote). */
    QUOTED_END,
    STRING,
    STRING_END,
    /** {@code <}, {@code >}, {@code !} or {@code |}: the next character may extend it ({@code <=}, {@code !=}...). */
    SYMBOL
}
