package dev.nl2sql.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.JDBCType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaPromptTest {

    private static DbSchema shop() {
        DbTable customers = new DbTable("CUSTOMERS", DbTable.Kind.TABLE, "People who buy", List.of(
                new DbColumn("ID", JDBCType.INTEGER, "INTEGER", false, null, List.of()),
                new DbColumn("NAME", JDBCType.VARCHAR, "CHARACTER VARYING", false, null, List.of("Ana", "O'Neil")),
                new DbColumn("CITY", JDBCType.VARCHAR, "CHARACTER VARYING", true, "Home town",
                        List.of("Lisbon", "Porto"))), List.of("ID"));
        DbTable orders = new DbTable("ORDERS", DbTable.Kind.TABLE, null, List.of(
                new DbColumn("ID", JDBCType.INTEGER, "INTEGER", false, null, List.of()),
                new DbColumn("CUSTOMER_ID", JDBCType.INTEGER, "INTEGER", false, null, List.of()),
                new DbColumn("shipDate", JDBCType.DATE, "DATE", true, null, List.of())), List.of("ID"));
        return new DbSchema("PUBLIC", List.of(customers, orders),
                List.of(new ForeignKey("ORDERS", List.of("CUSTOMER_ID"), "CUSTOMERS", List.of("ID"))));
    }

    @Test
    void rendersOneLinePerTableAndForeignKeys() {
        String text = SchemaPrompt.render(shop(), IdentifierStyle.H2, 10_000);
        assertEquals("""
                customers(id INT primary key, name VARCHAR e.g. 'Ana', 'O''Neil', city VARCHAR /* Home town */ \
                e.g. 'Lisbon', 'Porto') -- People who buy
                orders(id INT primary key, customer_id INT, "shipDate" DATE)
                orders.customer_id -> customers.id""", text);
    }

    @Test
    void dropsSamplesThenRemarksThenTables() {
        DbSchema s = shop();
        String full = SchemaPrompt.render(s, IdentifierStyle.H2, 10_000);
        String noSamples = SchemaPrompt.render(s, IdentifierStyle.H2, full.length() - 1);
        assertFalse(noSamples.contains("e.g."));
        assertTrue(noSamples.contains("People who buy"));
        String bare = SchemaPrompt.render(s, IdentifierStyle.H2, noSamples.length() - 1);
        assertFalse(bare.contains("People who buy"));
        assertFalse(bare.contains("Home town"));
        assertEquals(3, bare.lines().count());
        String oneTable = SchemaPrompt.render(s, IdentifierStyle.H2, bare.length() - 1);
        assertEquals("customers(id INT primary key, name VARCHAR, city VARCHAR)", oneTable);
        assertEquals("", SchemaPrompt.render(s, IdentifierStyle.H2, 10));
    }

    @Test
    void staysWithinMaxCharsOnRealSchemas() throws Exception {
        for (String db : List.of("concert_singer", "pets_1")) {
            try (Connection c = TestDatabases.spider(db)) {
                DbSchema s = new SchemaReader().read(c);
                String full = SchemaPrompt.render(s, IdentifierStyle.SQLITE, Integer.MAX_VALUE);
                assertTrue(full.contains("e.g."), full);
                List<Integer> limits = new ArrayList<>(List.of(50, 120, 300, 600, full.length(), full.length() - 1));
                for (int max : limits) {
                    String text = SchemaPrompt.render(s, IdentifierStyle.SQLITE, max);
                    assertTrue(text.length() <= max, max + ": " + text);
                    for (String line : text.lines().toList()) {
                        assertTrue(full.contains(line.replaceAll(" e\\.g\\..*", "").split("\\(")[0]), line);
                        assertTrue(line.endsWith(")") || line.contains(" -> ") || line.contains(" -- "), line);
                    }
                }
            }
        }
    }
}
