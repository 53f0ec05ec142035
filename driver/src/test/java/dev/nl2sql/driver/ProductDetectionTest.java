package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.sql.TargetDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the dialect comes from the product name the real driver reports: MySQL Connector/J against the MariaDB
 * server and embedded DuckDB are known; an unknown product is written as ANSI SQL, with one warning per product.
 */
class ProductDetectionTest {

    private static TargetDialect dialectOf(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            String product = c.getMetaData().getDatabaseProductName();
            assertFalse(TargetDialect.warnIfUnknown(product), "no warning for " + product);
            return TargetDialect.forProduct(product);
        }
    }

    @Test
    void realDriversNameTheirDatabase() throws Exception {
        assertEquals(TargetDialect.MARIADB, dialectOf("jdbc:mysql://127.0.0.1:3306/test?user=root"));
        assertEquals(TargetDialect.MARIADB, dialectOf("jdbc:mariadb://127.0.0.1:3306/test?user=root"));
        assertEquals(TargetDialect.DUCKDB, dialectOf("jdbc:duckdb:"));
        assertEquals(TargetDialect.POSTGRESQL, dialectOf("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
        assertEquals(TargetDialect.SQLITE, dialectOf("jdbc:sqlite::memory:"));
        assertEquals(TargetDialect.H2, dialectOf("jdbc:h2:mem:"));
    }

    @Test
    void anUnknownProductIsWrittenAsAnsiSqlWithOneWarning() {
        String product = "Apache Derby " + System.nanoTime();
        assertEquals(TargetDialect.H2, TargetDialect.forProduct(product), "the ANSI rendering");
        assertFalse(TargetDialect.warnIfUnknown(product), "warned once, by forProduct");
        String other = "Firebird " + System.nanoTime();
        assertTrue(TargetDialect.warnIfUnknown(other));
        assertFalse(TargetDialect.warnIfUnknown(other));
    }
}
