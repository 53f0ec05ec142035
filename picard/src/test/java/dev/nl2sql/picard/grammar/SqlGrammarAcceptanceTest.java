package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.JDBCType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queries a model should be able to write are in the grammar, in every identifier style. */
public class SqlGrammarAcceptanceTest {

    /** {name} is a table or column as the style writes it, {as:name} an output alias. */
    public static final List<String> SHOP_QUERIES = List.of(
            "SELECT * FROM customers",
            "SELECT name, email FROM customers WHERE city = 'Berlin'",
            "SELECT DISTINCT city FROM customers ORDER BY city",
            "SELECT customers.name, orders.total FROM customers JOIN orders ON customers.id = orders.customer_id",
            "SELECT T1.name, SUM(T3.quantity * T3.{Unit Price}) AS {as:spent} FROM customers AS T1"
                    + " JOIN orders AS T2 ON T1.id = T2.customer_id JOIN {Order Items} AS T3 ON T2.id = T3.{order}"
                    + " GROUP BY T1.name ORDER BY SUM(T3.quantity * T3.{Unit Price}) DESC LIMIT 5",
            "SELECT {group}, COUNT(*) FROM products GROUP BY {group} HAVING COUNT(*) > 2",
            "SELECT products.{group} FROM products",
            "SELECT {Order Items}.quantity FROM {Order Items} WHERE {Order Items}.{Unit Price} >= 10.5",
            "SELECT name FROM products WHERE price > (SELECT AVG(price) FROM products)",
            "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE status = 'open')",
            "SELECT name FROM customers AS T1 WHERE NOT EXISTS (SELECT * FROM orders AS T2"
                    + " WHERE T2.customer_id = T1.id)",
            "SELECT T1.name, COUNT(T2.id) FROM customers AS T1 LEFT JOIN orders AS T2 ON T1.id = T2.customer_id"
                    + " GROUP BY T1.name",
            "SELECT name FROM products WHERE category IN ('toys', 'books') AND price BETWEEN 5 AND 20",
            "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE order_date IS NOT NULL;",
            "SELECT name, CASE WHEN price < 10 THEN 'cheap' WHEN price < 100 THEN 'fair' ELSE 'dear' END"
                    + " FROM products",
            "SELECT MAX(T1.{as:n}) FROM (SELECT customer_id, COUNT(*) AS {as:n} FROM orders GROUP BY customer_id)"
                    + " AS T1",
            "SELECT email FROM customers WHERE name NOT LIKE 'A%' OR email IS NULL",
            "SELECT name FROM customers WHERE name = 'O''Brien'",
            "SELECT city FROM customers UNION SELECT category FROM products",
            "SELECT T1.* FROM orders AS T1 INNER JOIN customers AS T2 ON T1.customer_id = T2.id"
                    + " WHERE T2.city <> 'Paris' AND T1.total / 2 - 1 <= 100",
            "SELECT name FROM customers WHERE created_at IS NULL AND (city != 'Rome' OR NOT email LIKE '%@x.org')",
            "SELECT status, MIN(total), MAX(total), AVG(total) FROM orders GROUP BY status ORDER BY status ASC,"
                    + " MAX(total) DESC");

    /** Spider's concert_singer questions (gold SQL with keywords upper-cased and spacing normalised). */
    public static final List<String> CONCERT_QUERIES = List.of(
            "SELECT COUNT(*) FROM singer",
            "SELECT Name, Country, Age FROM singer ORDER BY Age DESC",
            "SELECT AVG(Age), MIN(Age), MAX(Age) FROM singer WHERE Country = 'France'",
            "SELECT Song_Name, Song_release_year FROM singer ORDER BY Age LIMIT 1",
            "SELECT DISTINCT Country FROM singer WHERE Age > 20",
            "SELECT Country, COUNT(*) FROM singer GROUP BY Country",
            "SELECT Song_Name FROM singer WHERE Age > (SELECT AVG(Age) FROM singer)",
            "SELECT Location, Name FROM stadium WHERE Capacity BETWEEN 5000 AND 10000",
            "SELECT T2.Name, COUNT(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID"
                    + " GROUP BY T1.Stadium_ID",
            "SELECT T2.Name, T2.Capacity FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID"
                    + " WHERE T1.{Year} >= 2014 GROUP BY T2.Stadium_ID ORDER BY COUNT(*) DESC LIMIT 1",
            "SELECT {Year} FROM concert GROUP BY {Year} ORDER BY COUNT(*) DESC LIMIT 1",
            "SELECT Name FROM stadium WHERE Stadium_ID NOT IN (SELECT Stadium_ID FROM concert)",
            "SELECT Country FROM singer WHERE Age > 40 INTERSECT SELECT Country FROM singer WHERE Age < 30",
            "SELECT Name FROM stadium EXCEPT SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2"
                    + " ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.{Year} = 2014",
            "SELECT T2.concert_Name, T2.Theme, COUNT(*) FROM singer_in_concert AS T1 JOIN concert AS T2"
                    + " ON T1.concert_ID = T2.concert_ID GROUP BY T2.concert_ID",
            "SELECT Name FROM singer WHERE Song_Name LIKE '%Hey%'",
            "SELECT COUNT(*) FROM concert WHERE Stadium_ID = (SELECT Stadium_ID FROM stadium"
                    + " ORDER BY Capacity DESC LIMIT 1)",
            "SELECT COUNT(*) FROM stadium WHERE NOT EXISTS (SELECT * FROM concert"
                    + " WHERE concert.Stadium_ID = stadium.Stadium_ID)",
            "SELECT Name FROM stadium UNION ALL SELECT concert_Name FROM concert",
            "SELECT T1.Name FROM singer T1, singer_in_concert T2 WHERE T1.Singer_ID = T2.Singer_ID",
            "SELECT Name, CASE WHEN Age > 30 THEN 'senior' ELSE 'junior' END AS {as:age_group} FROM singer",
            "SELECT AVG(T1.{as:n}) FROM (SELECT Country, COUNT(*) AS {as:n} FROM singer GROUP BY Country) AS T1",
            "SELECT Name, Highest - Lowest FROM stadium WHERE Average * 2 > Highest / 3 + 1",
            "SELECT Name FROM singer WHERE Country IN ('France', 'Netherlands') AND Is_male = 'F'",
            "SELECT Name FROM stadium WHERE Average > -1.5 AND Lowest <= 0",
            "SELECT T3.Name FROM singer_in_concert AS T1 INNER JOIN concert AS T2 ON T1.concert_ID = T2.concert_ID"
                    + " INNER JOIN singer AS T3 ON T1.Singer_ID = T3.Singer_ID WHERE T2.{Year} = 2014;");

    private static final Map<IdentifierStyle, GbnfRecognizer> SHOP = new EnumMap<>(IdentifierStyle.class);
    private static final Map<IdentifierStyle, GbnfRecognizer> CONCERT = new EnumMap<>(IdentifierStyle.class);

    static Stream<Arguments> shopQueries() {
        return Stream.of(IdentifierStyle.values())
                .flatMap(style -> SHOP_QUERIES.stream().map(q -> Arguments.of(style, q)));
    }

    static Stream<Arguments> concertQueries() {
        // names are mixed case, so only the styles that keep case write them bare
        return Stream.of(IdentifierStyle.SQLITE, IdentifierStyle.MARIADB)
                .flatMap(style -> CONCERT_QUERIES.stream().map(q -> Arguments.of(style, q)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("shopQueries")
    void acceptsShopQuery(IdentifierStyle style, String template) {
        DbSchema schema = TestSchemas.shop(style);
        String sql = TestSchemas.sql(template, schema, style);
        GbnfRecognizer grammar = SHOP.computeIfAbsent(style, s -> GbnfRecognizer.parse(SqlGrammar.gbnf(schema, s)));
        assertTrue(grammar.matches(sql), sql);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("concertQueries")
    void acceptsConcertSingerQuery(IdentifierStyle style, String template) {
        DbSchema schema = TestSchemas.concertSinger();
        String sql = TestSchemas.sql(template, schema, style);
        GbnfRecognizer grammar = CONCERT.computeIfAbsent(style,
                s -> GbnfRecognizer.parse(SqlGrammar.gbnf(schema, s)));
        assertTrue(grammar.matches(sql), sql);
    }

    @Test
    void quotedNamesUseTheDatabasesQuoteCharacter() {
        String mariadb = TestSchemas.sql("SELECT T1.{Unit Price}, T1.{order} FROM {Order Items} AS T1",
                TestSchemas.shop(IdentifierStyle.MARIADB), IdentifierStyle.MARIADB);
        String postgres = TestSchemas.sql("SELECT T1.{Unit Price}, T1.{order} FROM {Order Items} AS T1",
                TestSchemas.shop(IdentifierStyle.POSTGRESQL), IdentifierStyle.POSTGRESQL);
        String h2 = TestSchemas.sql("SELECT T1.{Unit Price}, T1.{order} FROM {Order Items} AS T1",
                TestSchemas.shop(IdentifierStyle.H2), IdentifierStyle.H2);
        // the templates above must expand to exactly these, or the parameterised tests prove less than they claim
        assertEquals("SELECT T1.`Unit Price`, T1.`order` FROM `Order Items` AS T1", mariadb);
        assertEquals("SELECT T1.\"Unit Price\", T1.\"order\" FROM \"Order Items\" AS T1", postgres);
        assertEquals("SELECT T1.\"Unit Price\", T1.\"ORDER\" FROM \"Order Items\" AS T1", h2);
        assertTrue(GbnfRecognizer.parse(SqlGrammar.gbnf(TestSchemas.shop(IdentifierStyle.MARIADB),
                IdentifierStyle.MARIADB)).matches(mariadb));
    }

    @Test
    void h2WritesUpperCaseStoredNamesAsBareLowerCase() {
        DbSchema schema = TestSchemas.shop(IdentifierStyle.H2);
        GbnfRecognizer grammar = GbnfRecognizer.parse(SqlGrammar.gbnf(schema, IdentifierStyle.H2));
        assertTrue(grammar.matches("SELECT name FROM customers WHERE id = 1"));
    }

    @Test
    void h2QuotesLowerCaseStoredNames() {
        // a table created as "customers" in H2 is only found quoted
        DbSchema schema = TestSchemas.shop(n -> n);
        GbnfRecognizer grammar = GbnfRecognizer.parse(SqlGrammar.gbnf(schema, IdentifierStyle.H2));
        assertTrue(grammar.matches("SELECT \"name\" FROM \"customers\" WHERE \"id\" = 1"));
    }

    @Test
    void namesNeedingEscapesInGbnfStillMatch() {
        DbColumn odd = new DbColumn("a\"b\\c", JDBCType.INTEGER, "INTEGER", true, null, List.of());
        DbSchema schema = new DbSchema("odd", List.of(
                new DbTable("order-items", DbTable.Kind.TABLE, null, List.of(odd), List.of())), List.of());
        GbnfRecognizer postgres = GbnfRecognizer.parse(SqlGrammar.gbnf(schema, IdentifierStyle.POSTGRESQL));
        assertTrue(postgres.matches("SELECT \"order-items\".\"a\"\"b\\c\" FROM \"order-items\""));
        GbnfRecognizer mariadb = GbnfRecognizer.parse(SqlGrammar.gbnf(schema, IdentifierStyle.MARIADB));
        assertTrue(mariadb.matches("SELECT `a\"b\\c` FROM `order-items`"));
    }
}
