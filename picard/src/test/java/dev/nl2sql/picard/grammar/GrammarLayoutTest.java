package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The trie layout is a rewriting, not a new language: each layout accepts the other's sentences. */
class GrammarLayoutTest {

    @ParameterizedTest
    @EnumSource(IdentifierStyle.class)
    void bothLayoutsAcceptEachOthersSentences(IdentifierStyle style) {
        DbSchema schema = TestSchemas.shop(style);
        String tries = SqlGrammar.gbnf(schema, style, GrammarBounds.FULL, SqlGrammar.Layout.TRIES);
        String alternations = SqlGrammar.gbnf(schema, style, GrammarBounds.FULL, SqlGrammar.Layout.ALTERNATIONS);
        assertNotEquals(tries, alternations);
        GbnfRecognizer trieGrammar = GbnfRecognizer.parse(tries);
        GbnfRecognizer alternationGrammar = GbnfRecognizer.parse(alternations);
        RandomSentences fromTries = new RandomSentences(tries, 7);
        RandomSentences fromAlternations = new RandomSentences(alternations, 8);
        for (int n = 0; n < 150; n++) {
            String a = fromTries.next();
            assertTrue(alternationGrammar.matches(a), a);
            String b = fromAlternations.next();
            assertTrue(trieGrammar.matches(b), b);
        }
    }

    @Test
    void aTrieSharesPrefixesAndKeepsEveryWord() {
        assertEquals("\"S\" (\"ong_\" (\"Name\" | \"release_year\") | \"tadium_ID\") | \"Age\"",
                GbnfTrie.of(List.of("Song_Name", "Song_release_year", "Stadium_ID", "Age")));
        assertEquals("\"Name\" (\"s\")?", GbnfTrie.of(List.of("Name", "Names")));
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= " + GbnfTrie.of(List.of("ab", "abc", "b", "abd")));
        for (String word : List.of("ab", "abc", "b", "abd")) {
            assertTrue(g.matches(word), word);
        }
        assertTrue(!g.matches("a") && !g.matches("abcd") && !g.matches(""));
    }

    private static void assertEquals(String expected, String actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual);
    }
}
