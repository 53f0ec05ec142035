package dev.nl2sql.picard.checker;

import dev.nl2sql.picard.grammar.DialectSyntax;
import dev.nl2sql.picard.grammar.GrammarBounds;
import dev.nl2sql.picard.grammar.LexicalClass;
import dev.nl2sql.picard.grammar.TokenChart;
import dev.nl2sql.picard.grammar.TokenGrammar;
import dev.nl2sql.picard.lexer.LexMode;
import dev.nl2sql.picard.lexer.SqlLexer;
import dev.nl2sql.picard.lexer.SqlToken;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.BitSet;
import java.util.Locale;
import java.util.Set;

/**
 * An incremental prefix checker in the manner of PICARD (Scholak et al., 2021): given the text a decoder has written
 * so far, can it still become a valid query over this schema? It lexes the text as it arrives (any case, any
 * whitespace, the dialect's quoting), parses the tokens with {@link TokenGrammar} (the same rules as the GBNF grammar
 * llama.cpp samples under, see {@link dev.nl2sql.picard.grammar.SqlSyntax}), and guards the schema: tables exist,
 * columns exist in a table in scope (the FROM of their query or of an enclosing one), aliases resolve, and
 * {@code qualifier.column} names a column of that table.
 *
 * <p>Start with {@link #start()} and {@link CheckerState#feed} each piece of text (a decoder's token as text, with
 * SentencePiece's word marker as a space); states are immutable, so a beam search forks them freely, and a step
 * costs one token's parse, never a new parse of the prefix. Names are matched
 * case-insensitively, as nl2sql's SQL check matches them before writing them as the database stores them.
 *
 * <p>Instances are immutable and thread-safe; build one per schema and dialect and keep it.
 */
public final class PrefixChecker {

    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");
    private static final int[] NONE = {};

    private final SchemaNames names;
    private final TokenGrammar grammar;
    private final DialectSyntax dialect;
    private final GrammarBounds bounds;
    private final SqlLexer lexer;
    private final boolean guards;
    private final CheckerState start;

    private PrefixChecker(DbSchema schema, IdentifierStyle style, GrammarBounds bounds, boolean guards) {
        this.names = new SchemaNames(schema);
        DialectSyntax d = DialectSyntax.of(style);
        // without guards the checker reads SQL as the grammar writes it: values in single quotes only
        this.dialect = guards ? d : new DialectSyntax(d.identifierQuote(), false, d.derivedTableAlias());
        this.bounds = bounds;
        this.grammar = TokenGrammar.of(bounds, dialect);
        this.lexer = new SqlLexer(dialect.identifierQuote(), dialect.doubleQuotedStrings());
        this.guards = guards;
        this.start = CheckerState.start(this, grammar.start(), new Scope(names, guards));
    }

    /** The checker for the schema, in the dialect of the database the style comes from. */
    public static PrefixChecker of(DbSchema schema, IdentifierStyle style) {
        return new PrefixChecker(schema, style, GrammarBounds.FULL, true);
    }

    /** The same within other grammar bounds. */
    public static PrefixChecker of(DbSchema schema, IdentifierStyle style, GrammarBounds bounds) {
        return new PrefixChecker(schema, style, bounds, true);
    }

    /**
     * A checker without the scope guards: it knows what the GBNF grammar knows (the syntax, the schema's names, and
     * that {@code table.column} is a column of that table), not which tables a query has in scope; and like the
     * grammar it takes values in single quotes only.
     */
    public static PrefixChecker namesOnly(DbSchema schema, IdentifierStyle style, GrammarBounds bounds) {
        return new PrefixChecker(schema, style, bounds, false);
    }

    /** Shorthand for {@code of(schema, style).start()}. */
    public static CheckerState start(DbSchema schema, IdentifierStyle style) {
        return of(schema, style).start();
    }

    /** The state before any text. */
    public CheckerState start() {
        return start;
    }

    /** Whether the whole text is a valid query over the schema. */
    public boolean accepts(String sql) {
        return start.feed(sql).isComplete();
    }

    SqlLexer lexer() {
        return lexer;
    }

    TokenGrammar grammar() {
        return grammar;
    }

    /** The terminals a finished token may be, or none if it is no keyword, symbol, name or literal of this query. */
    int[] terminalsOf(SqlToken token) {
        String value = token.value();
        switch (token.type()) {
            case SYMBOL: {
                int t = grammar.terminal(value);
                return t < 0 ? NONE : new int[] {t};
            }
            case WORD: {
                String upper = value.toUpperCase(Locale.ROOT);
                int keyword = grammar.terminal(upper);
                if (keyword >= 0 && !AGGREGATES.contains(upper)) {
                    return new int[] {keyword};
                }
                String lower = SchemaNames.lower(value);
                return terminals(keyword, names.isTable(lower), Scope.isTableAlias(lower), names.isColumn(lower),
                        false, false);
            }
            case QUOTED: {
                String lower = SchemaNames.lower(value);
                boolean name = token.quote() == dialect.identifierQuote();
                boolean string = dialect.doubleQuotedStrings() && token.quote() == '"' && fitsString(value);
                return terminals(-1, name && names.isTable(lower), false, name && names.isColumn(lower),
                        name && isOutputAlias(value, false), string);
            }
            case STRING:
                return fitsString(value) ? new int[] {grammar.terminal(LexicalClass.STRING)} : NONE;
            case NUMBER: {
                boolean unsigned = fitsNumber(value);
                boolean rowCount = fitsRowCount(value);
                if (unsigned && rowCount) {
                    return new int[] {grammar.terminal(LexicalClass.UNSIGNED_NUMBER),
                        grammar.terminal(LexicalClass.ROW_COUNT)};
                }
                return unsigned ? new int[] {grammar.terminal(LexicalClass.UNSIGNED_NUMBER)}
                        : rowCount ? new int[] {grammar.terminal(LexicalClass.ROW_COUNT)} : NONE;
            }
            default:
                throw new AssertionError(token.type());
        }
    }

    private int[] terminals(int keyword, boolean table, boolean alias, boolean column, boolean outputAlias,
            boolean string) {
        int[] out = new int[6];
        int n = 0;
        if (keyword >= 0) {
            out[n++] = keyword;
        }
        if (table) {
            out[n++] = grammar.terminal(LexicalClass.TABLE_NAME);
        }
        if (alias) {
            out[n++] = grammar.terminal(LexicalClass.TABLE_ALIAS);
        }
        if (column) {
            out[n++] = grammar.terminal(LexicalClass.COLUMN);
        }
        if (outputAlias) {
            out[n++] = grammar.terminal(LexicalClass.OUTPUT_ALIAS);
        }
        if (string) {
            out[n++] = grammar.terminal(LexicalClass.STRING);
        }
        return n == 0 ? NONE : java.util.Arrays.copyOf(out, n);
    }

    /** The {@link Scope} classes of the terminals a scan accepted. */
    int acceptedClasses(int[] terminals, int acceptedMask) {
        int classes = 0;
        for (int j = 0; j < terminals.length; j++) {
            if ((acceptedMask & (1 << j)) != 0) {
                classes |= grammar.isKeywordOrSymbol(terminals[j]) ? Scope.KEYWORD : 1 << terminals[j];
            }
        }
        return classes;
    }

    /**
     * Whether the unfinished token at the end of the text can still become one that fits here. For a word, only a
     * longer word: whether the word as it stands fits is for the caller to try.
     */
    boolean partialViable(TokenChart chart, Scope scope, SqlLexer.Run run) {
        String text = run.text();
        BitSet expected = chart.expectedTerminals();
        switch (run.mode()) {
            case BETWEEN:
                return true;
            case WORD: {
                String upper = text.toUpperCase(Locale.ROOT);
                for (int t = expected.nextSetBit(0); t >= 0; t = expected.nextSetBit(t + 1)) {
                    if (grammar.isKeywordOrSymbol(t) && Scope.extendsPrefix(grammar.terminalName(t), upper, true)) {
                        return true;
                    }
                }
                return scope.namePrefixViable(SchemaNames.lower(text), true,
                        expects(expected, LexicalClass.TABLE_NAME), expects(expected, LexicalClass.TABLE_ALIAS),
                        expects(expected, LexicalClass.COLUMN), false);
            }
            case QUOTED:
            case QUOTED_END: {
                boolean closed = run.mode() == LexMode.QUOTED_END;
                String content = unfinishedContent(text, run.quote(), closed);
                boolean string = dialect.doubleQuotedStrings() && run.quote() == '"'
                        && expects(expected, LexicalClass.STRING) && fitsString(content);
                if (run.quote() != dialect.identifierQuote()) {
                    return string;
                }
                // a closed name goes on only through a doubled quote, which puts the quote into the name; the name
                // as it stands is for the caller to try
                String name = closed ? content + run.quote() : content;
                return string || scope.namePrefixViable(SchemaNames.lower(name), false,
                        expects(expected, LexicalClass.TABLE_NAME), false, expects(expected, LexicalClass.COLUMN),
                        expects(expected, LexicalClass.OUTPUT_ALIAS) && isOutputAlias(name, true));
            }
            case STRING:
            case STRING_END:
                return expects(expected, LexicalClass.STRING)
                        && fitsString(unfinishedContent(text, '\'', run.mode() == LexMode.STRING_END));
            case NUMBER:
                return (expects(expected, LexicalClass.UNSIGNED_NUMBER) && text.length() <= numberDigits())
                        || (expects(expected, LexicalClass.ROW_COUNT) && fitsRowCount(text));
            case NUMBER_POINT:
            case FRACTION:
                return expects(expected, LexicalClass.UNSIGNED_NUMBER) && fitsNumber(text + "0".repeat(
                        run.mode() == LexMode.NUMBER_POINT ? 1 : 0));
            case SYMBOL: {
                char first = text.charAt(0);
                return switch (first) {
                    case '<' -> expectsSymbol(expected, "<") || expectsSymbol(expected, "<=")
                            || expectsSymbol(expected, "<>");
                    case '>' -> expectsSymbol(expected, ">") || expectsSymbol(expected, ">=");
                    case '!' -> expectsSymbol(expected, "!=");
                    default -> expectsSymbol(expected, "||");
                };
            }
            default:
                throw new AssertionError(run.mode());
        }
    }

    private boolean expects(BitSet expected, LexicalClass c) {
        return expected.get(grammar.terminal(c));
    }

    private boolean expectsSymbol(BitSet expected, String symbol) {
        int t = grammar.terminal(symbol);
        return t >= 0 && expected.get(t);
    }

    private static String unfinishedContent(String text, char quote, boolean closed) {
        String inner = text.substring(1, closed ? text.length() - 1 : text.length());
        String q = String.valueOf(quote);
        return inner.replace(q + q, q);
    }

    private static int numberDigits() {
        return dev.nl2sql.picard.grammar.SqlSyntax.INTEGER_DIGITS;
    }

    private boolean fitsString(String value) {
        return value.indexOf('\n') < 0 && value.codePointCount(0, value.length()) <= bounds.stringChars();
    }

    private static boolean fitsNumber(String digits) {
        int point = digits.indexOf('.');
        int whole = point < 0 ? digits.length() : point;
        int fraction = point < 0 ? 0 : digits.length() - point - 1;
        return whole >= 1 && whole <= dev.nl2sql.picard.grammar.SqlSyntax.INTEGER_DIGITS
                && fraction <= dev.nl2sql.picard.grammar.SqlSyntax.FRACTION_DIGITS;
    }

    private static boolean fitsRowCount(String digits) {
        return digits.indexOf('.') < 0 && !digits.startsWith("0")
                && digits.length() <= String.valueOf(dev.nl2sql.picard.grammar.SqlSyntax.MAX_ROW_COUNT).length();
    }

    /** A quoted output alias: a letter or underscore, then letters, digits or underscores, within the bound. */
    private boolean isOutputAlias(String value, boolean prefixOnly) {
        if (value.isEmpty()) {
            return prefixOnly;
        }
        if (value.length() > bounds.aliasChars()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!(letter || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
