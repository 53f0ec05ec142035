package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wrong names, anything but one read-only query, and sloppy formatting are all outside the grammar. */
class SqlGrammarRejectionTest {

    private static final GbnfRecognizer POSTGRES_SHOP = GbnfRecognizer.parse(
            SqlGrammar.gbnf(TestSchemas.shop(IdentifierStyle.POSTGRESQL), IdentifierStyle.POSTGRESQL));

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT name FROM customer",
        "SELECT name FROM customerss",
        "SELECT nosuchcol FROM customers",
        "SELECT customers.price FROM customers",
        "SELECT orders.name FROM orders",
        "SELECT T1.nosuchcol FROM customers AS T1",
        "SELECT name FROM customers AS c",
        "SELECT name FROM customers AS T0",
        "SELECT group FROM products",
        "SELECT quantity FROM Order Items",
        "SELECT quantity FROM `Order Items`",
        "SELECT name FROM customers WHERE name = \"Bob\"",
        "SELECT pg_sleep(10) FROM customers",
    })
    void rejectsUnknownOrMiswrittenIdentifiers(String sql) {
        assertFalse(POSTGRES_SHOP.matches(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DELETE FROM customers",
        "UPDATE customers SET name = 'x'",
        "INSERT INTO customers (name) VALUES ('x')",
        "DROP TABLE customers",
        "TRUNCATE customers",
        "SELECT name FROM customers; DROP TABLE customers",
        "SELECT name FROM customers; SELECT name FROM products",
        "SELECT name FROM customers;;",
        "SELECT name INTO backup FROM customers",
        "SELECT name FROM customers FOR UPDATE",
        "SELECT name FROM customers -- every one",
        "SELECT name FROM customers /* every one */",
        "WITH t AS (SELECT name FROM customers) SELECT name FROM t",
        "",
    })
    void rejectsAnythingButOneReadOnlyQuery(String sql) {
        assertFalse(POSTGRES_SHOP.matches(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select name from customers",
        "SELECT  name FROM customers",
        " SELECT name FROM customers",
        "SELECT name FROM customers ",
        "SELECT name\nFROM customers",
        "SELECT name,email FROM customers",
        "SELECT COUNT( * ) FROM customers",
        "SELECT name FROM customers WHERE id=1",
        "SELECT name FROM customers WHERE name = 'unterminated",
        "SELECT name FROM customers LIMIT -1",
        "SELECT name FROM customers ;",
    })
    void rejectsFreeFormatting(String sql) {
        assertFalse(POSTGRES_SHOP.matches(sql), sql);
    }

    @Test
    void theSameQueryIsAcceptedOnlyInItsOwnDatabasesQuoting() {
        String backticks = "SELECT quantity FROM `Order Items`";
        String doubleQuotes = "SELECT quantity FROM \"Order Items\"";
        GbnfRecognizer mariadb = GbnfRecognizer.parse(
                SqlGrammar.gbnf(TestSchemas.shop(IdentifierStyle.MARIADB), IdentifierStyle.MARIADB));
        assertTrue(mariadb.matches(backticks));
        assertFalse(mariadb.matches(doubleQuotes));
        assertTrue(POSTGRES_SHOP.matches(doubleQuotes));
        assertFalse(POSTGRES_SHOP.matches(backticks));
    }

    @Test
    void h2NamesMustBeWrittenTheWayH2FindsThem() {
        GbnfRecognizer upperStored = GbnfRecognizer.parse(
                SqlGrammar.gbnf(TestSchemas.shop(IdentifierStyle.H2), IdentifierStyle.H2));
        assertFalse(upperStored.matches("SELECT NAME FROM CUSTOMERS"));
        assertFalse(upperStored.matches("SELECT \"group\" FROM products"));
        assertTrue(upperStored.matches("SELECT \"GROUP\" FROM products"));

        GbnfRecognizer lowerStored = GbnfRecognizer.parse(
                SqlGrammar.gbnf(TestSchemas.shop(n -> n), IdentifierStyle.H2));
        assertFalse(lowerStored.matches("SELECT name FROM customers"));
    }

    @Test
    void aSchemaWithNothingToQueryHasNoGrammar() {
        DbSchema empty = new DbSchema("empty", List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> SqlGrammar.gbnf(empty, IdentifierStyle.ANSI));
    }
}
