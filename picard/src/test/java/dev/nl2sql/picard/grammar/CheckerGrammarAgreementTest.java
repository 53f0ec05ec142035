package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.lexer.SqlLexer;
import dev.nl2sql.picard.lexer.SqlToken;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two decoders describe the same SQL: every sentence of the GBNF grammar passes the checker (without its scope
 * guards, which the grammar cannot express), and on queries near the grammar's edge (good queries with a token
 * dropped, doubled, swapped or replaced) both say the same, yes or no.
 */
class CheckerGrammarAgreementTest {

    private static final int SENTENCES = 300;
    private static final int EDITS = 1000;

    @ParameterizedTest
    @EnumSource(IdentifierStyle.class)
    void everySentenceOfTheGrammarPassesTheChecker(IdentifierStyle style) {
        DbSchema schema = TestSchemas.shop(style);
        RandomSentences sentences = new RandomSentences(SqlGrammar.gbnf(schema, style), style.ordinal());
        PrefixChecker checker = PrefixChecker.namesOnly(schema, style, GrammarBounds.FULL);
        int longest = 0;
        for (int n = 0; n < SENTENCES; n++) {
            String sql = sentences.next();
            longest = Math.max(longest, sql.length());
            CheckerState state = checker.start();
            for (int i = 0; i < sql.length(); i++) {
                state = state.feed(sql.substring(i, i + 1));
                assertFalse(state.isRejected(), sql + " rejected at " + i + ": " + state.rejection());
            }
            assertNull(state.completionProblem(), sql);
        }
        assertTrue(longest > 150, "the sentences should reach well into the grammar; longest " + longest);
    }

    @ParameterizedTest
    @EnumSource(IdentifierStyle.class)
    void checkerAndGrammarAgreeOnQueriesNearTheEdge(IdentifierStyle style) {
        DbSchema schema = TestSchemas.shop(style);
        GbnfRecognizer grammar = GbnfRecognizer.parse(SqlGrammar.gbnf(schema, style));
        PrefixChecker checker = PrefixChecker.namesOnly(schema, style, GrammarBounds.FULL);
        CanonicalSql canonical = new CanonicalSql(schema, style);
        DialectSyntax dialect = DialectSyntax.of(style);
        SqlLexer lexer = new SqlLexer(dialect.identifierQuote(), dialect.doubleQuotedStrings());
        List<String> corpus = new ArrayList<>();
        SqlGrammarAcceptanceTest.SHOP_QUERIES.forEach(t -> corpus.add(TestSchemas.sql(t, schema, style)));
        RandomSentences sentences = new RandomSentences(SqlGrammar.gbnf(schema, style), 100 + style.ordinal());
        for (int n = 0; n < 50; n++) {
            corpus.add(sentences.next());
        }
        Random random = new Random(style.ordinal());
        int accepted = 0;
        for (int n = 0; n < EDITS; n++) {
            List<SqlToken> tokens = new ArrayList<>(lexer.tokenize(corpus.get(random.nextInt(corpus.size()))));
            edit(tokens, random);
            String text = canonical.rewrite(join(tokens));
            boolean byGrammar = grammar.matches(text);
            assertEquals(byGrammar, checker.accepts(text), text);
            accepted += byGrammar ? 1 : 0;
        }
        // the edits must land on both sides of the edge, or the comparison proves little
        assertTrue(accepted >= 25 && accepted <= EDITS - 25, accepted + " of " + EDITS + " accepted");
    }

    private static void edit(List<SqlToken> tokens, Random random) {
        int at = random.nextInt(tokens.size());
        switch (random.nextInt(4)) {
            case 0 -> tokens.remove(at);
            case 1 -> tokens.add(at, tokens.get(at));
            case 2 -> {
                if (at + 1 < tokens.size()) {
                    SqlToken t = tokens.get(at);
                    tokens.set(at, tokens.get(at + 1));
                    tokens.set(at + 1, t);
                }
            }
            default -> tokens.set(at, tokens.get(random.nextInt(tokens.size())));
        }
    }

    private static String join(List<SqlToken> tokens) {
        StringBuilder out = new StringBuilder();
        for (SqlToken t : tokens) {
            out.append(t.text()).append(' ');
        }
        return out.toString();
    }
}
