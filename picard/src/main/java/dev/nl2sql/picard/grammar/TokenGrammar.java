package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.lexer.SqlLexer;
import dev.nl2sql.picard.lexer.SqlToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SqlSyntax}'s rules read over SQL tokens instead of characters: each literal of the rules becomes the sequence
 * of its tokens (keywords, symbols), and each {@link LexicalClass} one token. This is the grammar the prefix checker
 * parses with, so it accepts the same queries as the GBNF grammar llama.cpp samples under, up to surface form (case,
 * spacing, quoting) and the schema guards the checker adds.
 *
 * <p>Internally each terminal is a private-use code point, so the same GBNF reader ({@link GbnfParser}, with its
 * left-recursion and productivity checks) and Earley tables serve both grammars. Immutable; built once per bounds and
 * dialect and cached.
 */
public final class TokenGrammar {

    private static final int FIRST_CODE_POINT = 0xE000;
    private static final Map<List<Object>, TokenGrammar> CACHE = new ConcurrentHashMap<>();

    final EarleyTables tables;
    private final Map<String, Integer> symbolTerminals;
    private final List<String> terminalNames;
    /** For each terminal of the {@link Bnf}: which terminal of this grammar it is. */
    final int[] terminalOfBnfTerminal;

    private TokenGrammar(EarleyTables tables, Map<String, Integer> symbolTerminals, List<String> terminalNames) {
        this.tables = tables;
        this.symbolTerminals = Map.copyOf(symbolTerminals);
        this.terminalNames = List.copyOf(terminalNames);
        CharClass[] bnfTerminals = tables.bnf.terminals();
        terminalOfBnfTerminal = new int[bnfTerminals.length];
        for (int t = 0; t < bnfTerminals.length; t++) {
            terminalOfBnfTerminal[t] = bnfTerminals[t].ranges()[0] - FIRST_CODE_POINT;
        }
    }

    /** The token grammar of {@link SqlSyntax} within the bounds, for the dialect. */
    public static TokenGrammar of(GrammarBounds bounds, DialectSyntax dialect) {
        return CACHE.computeIfAbsent(List.of(bounds, dialect), k -> compile(SqlSyntax.rules(bounds, dialect)));
    }

    /** Reads GBNF rules whose literals are SQL tokens, with {@link SqlSyntax#LEXICAL_RULES} left undefined. */
    static TokenGrammar compile(String syntaxRules) {
        List<String> names = new ArrayList<>();
        for (LexicalClass c : LexicalClass.values()) {
            names.add(c.ruleName());
        }
        Map<String, Integer> symbols = new HashMap<>();
        StringBuilder gbnf = new StringBuilder(tokenLiterals(syntaxRules, symbols, names));
        for (LexicalClass c : LexicalClass.values()) {
            gbnf.append(c.ruleName()).append(" ::= ").append(literal(c.ordinal())).append('\n');
        }
        gbnf.append("qualified-column ::= table-name ").append(literal(terminalId(".", symbols, names)))
                .append(" column\n");
        return new TokenGrammar(new EarleyTables(GbnfParser.parse(gbnf.toString())), symbols, names);
    }

    /** The terminal of a lexical class. */
    public int terminal(LexicalClass lexicalClass) {
        return lexicalClass.ordinal();
    }

    /** The terminal of a keyword (any case) or symbol, or -1 where the syntax has none. */
    public int terminal(String keywordOrSymbol) {
        Integer id = symbolTerminals.get(keywordOrSymbol.toUpperCase(Locale.ROOT));
        return id == null ? -1 : id;
    }

    /** A keyword or symbol as written canonically, or a lexical rule's name. */
    public String terminalName(int terminal) {
        return terminalNames.get(terminal);
    }

    public int terminalCount() {
        return terminalNames.size();
    }

    /** Whether the terminal is a keyword or symbol, not a lexical class. */
    public boolean isKeywordOrSymbol(int terminal) {
        return terminal >= LexicalClass.values().length;
    }

    /** The chart before any token. */
    public TokenChart start() {
        return TokenChart.start(this);
    }

    /** The rules with every string literal replaced by the terminals of its tokens. */
    private static String tokenLiterals(String rules, Map<String, Integer> symbols, List<String> names) {
        SqlLexer lexer = new SqlLexer('"', false);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < rules.length()) {
            char c = rules.charAt(i);
            if (c == '[') {
                throw new IllegalArgumentException("syntax rules name characters only through lexical rules: "
                        + rules.substring(i, Math.min(rules.length(), i + 20)));
            }
            if (c != '"') {
                out.append(c);
                i++;
                continue;
            }
            StringBuilder text = new StringBuilder();
            i++;
            while (rules.charAt(i) != '"') {
                if (rules.charAt(i) == '\\') {
                    i++;
                }
                text.append(rules.charAt(i));
                i++;
            }
            i++;
            out.append('"');
            for (SqlToken token : lexer.tokenize(text.toString())) {
                if (token.type() != SqlToken.Type.WORD && token.type() != SqlToken.Type.SYMBOL) {
                    throw new IllegalArgumentException("a syntax literal holds only keywords and symbols: " + text);
                }
                out.appendCodePoint(FIRST_CODE_POINT + terminalId(token.value().toUpperCase(Locale.ROOT), symbols,
                        names));
            }
            out.append('"');
        }
        return out.toString();
    }

    private static int terminalId(String text, Map<String, Integer> symbols, List<String> names) {
        return symbols.computeIfAbsent(text, t -> {
            names.add(t);
            return names.size() - 1;
        });
    }

    private static String literal(int terminal) {
        return "\"" + new String(Character.toChars(FIRST_CODE_POINT + terminal)) + "\"";
    }
}
