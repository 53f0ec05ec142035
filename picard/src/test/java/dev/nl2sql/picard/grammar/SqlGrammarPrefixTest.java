package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a constrained decoder relies on: a good query stays viable all along, a wrong one stops at its mistake. */
class SqlGrammarPrefixTest {

    private static final DbSchema SHOP = TestSchemas.shop(IdentifierStyle.POSTGRESQL);
    private static final GbnfRecognizer GRAMMAR = GbnfRecognizer.parse(
            SqlGrammar.gbnf(SHOP, IdentifierStyle.POSTGRESQL));

    @Test
    void everyPrefixOfEveryGoodQueryIsViable() {
        for (String template : SqlGrammarAcceptanceTest.SHOP_QUERIES) {
            String sql = TestSchemas.sql(template, SHOP, IdentifierStyle.POSTGRESQL);
            for (int end = 0; end <= sql.length(); end++) {
                assertTrue(GRAMMAR.isViablePrefix(sql.substring(0, end)), sql.substring(0, end));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT nosuchcol ",
        "SELECT name FROM customerz",
        "SELECT customers.price",
        "SELECT name FROM customers AS c",
        "SELECT name FROM customers; ",
        "SELECT name FROM customers -",
        "SELECT name FROM customers WHERE id =1",
        "DELETE",
        "select",
    })
    void aCompletedMistakeIsNotViable(String prefix) {
        assertFalse(GRAMMAR.isViablePrefix(prefix), prefix);
    }

    @Test
    void viabilityEndsAtTheFirstCharacterNoIdentifierHas() {
        String sql = "SELECT nosuchcol FROM customers";
        int firstDeadEnd = -1;
        for (int end = 0; end <= sql.length() && firstDeadEnd < 0; end++) {
            if (!GRAMMAR.isViablePrefix(sql.substring(0, end))) {
                firstDeadEnd = end;
            }
        }
        // "SELECT n" may still become "name" (or NULL); no column or keyword starts with "no"
        assertEquals("SELECT no".length(), firstDeadEnd);
    }

    @Test
    void anOpenStringLiteralOrQuotedNameIsStillViable() {
        assertTrue(GRAMMAR.isViablePrefix("SELECT name FROM customers WHERE name = 'it''s"));
        assertTrue(GRAMMAR.isViablePrefix("SELECT quantity FROM \"Order It"));
        assertFalse(GRAMMAR.isViablePrefix("SELECT quantity FROM \"Order Ix"));
    }

    @Test
    void aCompleteQueryIsBothAMatchAndAViablePrefix() {
        String sql = "SELECT name FROM customers";
        assertTrue(GRAMMAR.matches(sql));
        assertTrue(GRAMMAR.isViablePrefix(sql));
        assertTrue(GRAMMAR.isViablePrefix(sql + " WHERE"));
        assertFalse(GRAMMAR.matches(sql + " WHERE"));
    }
}
