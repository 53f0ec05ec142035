package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.lexer.SqlLexer;
import dev.nl2sql.picard.lexer.SqlToken;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a query written freely into the canonical surface form of {@link SqlGrammar}, token by token: keywords
 * upper case, names as the database needs them ({@link IdentifierStyle#write}), aliases {@code T1}, strings in single
 * quotes (a {@code "value"} that names nothing is a string, as SQLite and MySQL read it), and the grammar's spacing.
 * It changes nothing else: a query outside the grammar stays outside it. Used to measure which real queries the
 * grammar covers, since people (and Spider's gold SQL) write SQL with free case and spacing.
 */
public final class CanonicalSql {

    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");
    private static final Set<String> NO_SPACE_BEFORE = Set.of(")", ",", ".", ";");
    private static final Set<String> VALUE_ENDS = Set.of(")", "NULL", "END");

    private final IdentifierStyle style;
    private final DialectSyntax dialect;
    private final TokenGrammar grammar;
    private final SqlLexer lexer;
    private final Map<String, String> tables = new HashMap<>();
    private final Map<String, String> columns = new HashMap<>();

    public CanonicalSql(DbSchema schema, IdentifierStyle style) {
        this.style = style;
        this.dialect = DialectSyntax.of(style);
        this.grammar = TokenGrammar.of(GrammarBounds.FULL, dialect);
        this.lexer = new SqlLexer(dialect.identifierQuote(), dialect.doubleQuotedStrings());
        for (DbTable t : schema.tables()) {
            tables.putIfAbsent(lower(t.name()), t.name());
            for (DbColumn c : t.columns()) {
                columns.putIfAbsent(lower(c.name()), c.name());
            }
        }
    }

    /**
     * The query in canonical form.
     *
     * @throws IllegalArgumentException if it does not even lex (an unterminated string, an unknown character)
     */
    public String rewrite(String sql) {
        List<SqlToken> tokens = lexer.tokenize(sql);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.add(canonical(tokens, i));
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < out.size(); i++) {
            if (i > 0 && spaceBetween(tokens, out, i)) {
                text.append(' ');
            }
            text.append(out.get(i));
        }
        return text.toString();
    }

    private String canonical(List<SqlToken> tokens, int i) {
        SqlToken token = tokens.get(i);
        String value = token.value();
        SqlToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        SqlToken before = i > 0 ? tokens.get(i - 1) : null;
        switch (token.type()) {
            case WORD: {
                String upper = value.toUpperCase(Locale.ROOT);
                boolean keyword = grammar.terminal(upper) >= 0;
                boolean aggregate = AGGREGATES.contains(upper) && next != null && next.isSymbol("(");
                if (keyword && (!AGGREGATES.contains(upper) || aggregate || name(value, before, next) == null)) {
                    return upper;
                }
                if (upper.length() == 2 && upper.charAt(0) == 'T' && upper.charAt(1) >= '1'
                        && upper.charAt(1) <= '9') {
                    return upper;
                }
                String stored = name(value, before, next);
                return stored == null ? value : style.write(stored);
            }
            case QUOTED: {
                String stored = token.quote() == dialect.identifierQuote() ? name(value, before, next) : null;
                if (stored != null) {
                    return style.write(stored);
                }
                if (dialect.doubleQuotedStrings() && token.quote() == '"') {
                    return "'" + value.replace("'", "''") + "'";
                }
                return token.text();
            }
            case STRING:
                return "'" + value.replace("'", "''") + "'";
            default:
                return value;
        }
    }

    /** The stored name a written name stands for: a table where the context wants one, else a column. */
    private String name(String written, SqlToken before, SqlToken next) {
        String key = lower(written);
        boolean tableContext = (next != null && next.isSymbol("."))
                || (before != null && (before.isWord("FROM") || before.isWord("JOIN")));
        String table = tables.get(key);
        String column = columns.get(key);
        if (tableContext && table != null) {
            return table;
        }
        return column != null ? column : table;
    }

    private boolean spaceBetween(List<SqlToken> tokens, List<String> out, int i) {
        String a = out.get(i - 1);
        String b = out.get(i);
        if (NO_SPACE_BEFORE.contains(b) || a.equals("(") || a.equals(".")) {
            return false;
        }
        if (b.equals("(") && AGGREGATES.contains(a) && tokens.get(i - 1).type() == SqlToken.Type.WORD) {
            return false;
        }
        // a minus that follows no value is a sign: -1
        return !(a.equals("-") && (i < 2 || !endsValue(tokens.get(i - 2), out.get(i - 2))));
    }

    /** Whether a token can end an operand (a name, a literal, a closing parenthesis, NULL, END). */
    private boolean endsValue(SqlToken token, String canonical) {
        return switch (token.type()) {
            case QUOTED, STRING, NUMBER -> true;
            case WORD -> VALUE_ENDS.contains(canonical) || grammar.terminal(canonical) < 0
                    || !canonical.equals(canonical.toUpperCase(Locale.ROOT));
            case SYMBOL -> canonical.equals(")");
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
