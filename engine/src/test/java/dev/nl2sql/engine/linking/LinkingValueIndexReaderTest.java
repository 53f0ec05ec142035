package dev.nl2sql.engine.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.schema.SchemaFingerprint;
import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The value index is read from the database within its bounds. */
class LinkingValueIndexReaderTest {

    private Connection c;
    private DbSchema schema;

    @BeforeEach
    void database() throws Exception {
        c = DriverManager.getConnection("jdbc:h2:mem:values_" + System.nanoTime());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE city (id INT PRIMARY KEY, name VARCHAR(200), country VARCHAR(40), pop INT)");
            s.execute("CREATE TABLE note (id INT PRIMARY KEY, body CLOB)");
            s.execute("CREATE VIEW big_city AS SELECT name FROM city WHERE pop > 100");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO city VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 50; i++) {
                p.setInt(1, i);
                p.setString(2, i == 0 ? "Berlin" : i == 1 ? "x".repeat(100) : "Town " + i);
                p.setString(3, i % 2 == 0 ? "Germany" : "France");
                p.setInt(4, i * 10);
                p.addBatch();
            }
            p.executeBatch();
        }
        schema = new SchemaReader().read(c);
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private static ValueIndexReader.Limits limits(int perColumn, int total, Duration budget) {
        return new ValueIndexReader.Limits(perColumn, 100_000, 64, total, 1_000_000, budget, Duration.ofSeconds(2));
    }

    @Test
    void readsTheDistinctValuesOfTextColumnsOfTables() {
        ValueIndex index = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT).read(c, schema, IdentifierStyle.H2);
        // 49 names (the 100-character one is left out) and 2 countries; no CLOB, no view
        assertEquals(2, index.columnCount());
        assertEquals(51, index.size());
        ValueMatch berlin = index.match("what is the population of berlin", 5).get(0);
        assertEquals(List.of("CITY", "NAME", "Berlin"), List.of(berlin.table(), berlin.column(), berlin.value()));
        assertEquals("Germany", index.match("cities in germany", 5).get(0).value());
    }

    @Test
    void atMostSoManyValuesPerColumnAndInAll() {
        int size = new ValueIndexReader(limits(10, 1000, Duration.ofSeconds(5))).read(c, schema, IdentifierStyle.H2)
                .size();
        // 10 names read (one may be the 100-character one, left out) and 2 countries
        assertTrue(size == 12 || size == 11, "values: " + size);
        assertEquals(20, new ValueIndexReader(limits(1000, 20, Duration.ofSeconds(5)))
                .read(c, schema, IdentifierStyle.H2).size());
    }

    @Test
    void nothingIsReadOnceTheTimeBudgetIsSpent() {
        assertEquals(0, new ValueIndexReader(limits(1000, 1000, Duration.ofNanos(-1)))
                .read(c, schema, IdentifierStyle.H2).size());
    }

    @Test
    void aFailingColumnIsSkippedAndTheCallersTransactionSurvives() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gone (id INT PRIMARY KEY, label VARCHAR(20))");
        }
        DbSchema withGone = new SchemaReader().read(c);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE gone"); // the schema read still names it: its query fails
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO city VALUES (101, 'Porto', 'Portugal', 1)");
        }
        ValueIndex index = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT).read(c, withGone, IdentifierStyle.H2);
        assertTrue(index.match("porto", 3).stream().anyMatch(m -> m.value().equals("Porto")));
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO city VALUES (102, 'Faro', 'Portugal', 1)");
        }
        c.commit();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM city")) {
            rs.next();
            assertEquals(52, rs.getInt(1), "both inserts of the caller's transaction were committed");
        }
    }

    @Test
    void theCacheKeepsOneIndexPerSchemaVersion() throws Exception {
        ValueIndexCache cache = new ValueIndexCache(Duration.ofMinutes(1),
                new ValueIndexReader(ValueIndexReader.Limits.DEFAULT));
        SchemaSnapshot snapshot = new SchemaSnapshot(schema, IdentifierStyle.H2, SchemaFingerprint.of(schema));
        ValueIndex first = cache.get("db", snapshot, c);
        assertSame(first, cache.get("db", snapshot, c));
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE city ADD COLUMN region VARCHAR(20)");
        }
        DbSchema altered = new SchemaReader().read(c);
        ValueIndex second = cache.get("db", new SchemaSnapshot(altered, IdentifierStyle.H2,
                SchemaFingerprint.of(altered)), c);
        assertNotSame(first, second);
    }
}
