package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeSqlGrammarTest {

    private final GbnfRecognizer postgres = GbnfRecognizer.parse(
            SafeSqlGrammar.gbnf(TestSchemas.shop(IdentifierStyle.POSTGRESQL), IdentifierStyle.POSTGRESQL));

    @Test
    void acceptsSimpleQueriesOfOneTable() {
        for (String sql : List.of(
                "SELECT * FROM customers",
                "SELECT name, city FROM customers WHERE city = 'Lisbon' ORDER BY name LIMIT 10",
                "SELECT COUNT(*) FROM orders",
                "SELECT MIN(name), MAX(name) FROM customers WHERE name LIKE 'A%'",
                "SELECT AVG(price) FROM products WHERE price >= 10 AND name IS NOT NULL;",
                "SELECT SUM(price) FROM products")) {
            assertTrue(postgres.matches(sql), sql);
        }
    }

    @Test
    void refusesWhatCouldFailOnSomeDatabase() {
        for (String sql : List.of(
                "SELECT name, COUNT(*) FROM customers",           // a plain column beside an aggregate
                "SELECT SUM(name) FROM customers",                // SUM of text
                "SELECT name FROM customers WHERE id = 'x'",      // a number compared with text
                "SELECT name FROM customers WHERE name > 3",      // text compared with a number
                "SELECT price FROM customers",                    // a column of another table
                "SELECT COUNT(*) FROM orders ORDER BY id",        // ORDER BY beside an aggregate
                "SELECT name FROM customers WHERE id",            // a bare column as a condition
                "SELECT name FROM customers JOIN orders ON 1 = 1",
                "DELETE FROM customers")) {
            assertFalse(postgres.matches(sql), sql);
        }
    }

    @Test
    void isFiniteAndShort() {
        long longest = postgres.maxBytes().orElseThrow();
        assertTrue(longest < 400, "longest safe query: " + longest + " bytes");
    }

    @Test
    void theFullGrammarIsFiniteToo() {
        GbnfRecognizer full = GbnfRecognizer.parse(
                SqlGrammar.gbnf(TestSchemas.shop(IdentifierStyle.SQLITE), IdentifierStyle.SQLITE));
        assertTrue(full.maxBytes().isPresent(), "bounded by construction");
        GbnfRecognizer unbounded = GbnfRecognizer.parse("root ::= \"a\"+\n");
        assertFalse(unbounded.maxBytes().isPresent());
        assertTrue(GbnfRecognizer.parse("root ::= \"ab\" [c-d]{0,3} \"é\"\n").maxBytes().getAsLong() == 7);
    }

    @Test
    void needsATableWithColumns() {
        assertThrows(IllegalArgumentException.class,
                () -> SafeSqlGrammar.gbnf(new DbSchema("empty", List.of(), List.of()), IdentifierStyle.H2));
    }
}
