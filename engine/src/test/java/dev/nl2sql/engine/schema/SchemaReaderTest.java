package dev.nl2sql.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.engine.testing.TestDatabases.Fixture;
import dev.nl2sql.engine.testing.TestDatabases.Kind;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import java.sql.Connection;
import java.sql.JDBCType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaReaderTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readsTablesColumnsKeysRemarksAndSamples(Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            DbSchema schema = new SchemaReader().read(f.connection);
            DbTable customers = schema.table(f.customers).orElseThrow();
            DbTable products = schema.table(f.products).orElseThrow();
            DbTable orders = schema.table(f.orders).orElseThrow();
            DbTable view = schema.table(f.view).orElseThrow();
            // nothing of other schemas or the system
            assertTrue(schema.tables().stream().noneMatch(t -> t.name().equalsIgnoreCase("tables")
                    || t.name().toLowerCase().startsWith("pg_")), schema.tables().toString());

            String expectedName = kind == Kind.H2 ? f.customers.toUpperCase() : f.customers;
            assertEquals(expectedName, customers.name());
            assertEquals(DbTable.Kind.TABLE, customers.kind());
            assertEquals(DbTable.Kind.VIEW, view.kind());
            assertEquals("People who buy", customers.remarks());
            assertEquals(List.of(kind == Kind.H2 ? "ID" : "id"), customers.primaryKey());
            assertEquals(List.of("id", "name", "city"),
                    customers.columns().stream().map(c -> c.name().toLowerCase()).toList());

            DbColumn id = customers.column("id").orElseThrow();
            assertEquals(JDBCType.INTEGER, id.type());
            assertFalse(customers.column("name").orElseThrow().nullable());
            DbColumn city = customers.column("city").orElseThrow();
            assertTrue(city.nullable());
            assertTrue(city.isText(), city.toString());
            assertEquals("Home town", city.remarks());
            assertEquals(Set.of("Lisbon", "Porto"), Set.copyOf(city.sampleValues()));
            assertEquals(Set.of("Ana", "Bruno", "Carla", "Dinis").size() - 1,
                    customers.column("name").orElseThrow().sampleValues().size(), "3 samples at most");
            assertTrue(id.sampleValues().isEmpty(), "no samples of numbers");
            assertTrue(products.column("price").orElseThrow().isNumeric());

            DbColumn ship = orders.column("shipdate").orElseThrow();
            assertEquals("shipDate", ship.name());
            assertEquals(JDBCType.DATE, ship.type());

            List<ForeignKey> fks = schema.foreignKeys().stream()
                    .filter(fk -> fk.fromTable().equals(orders.name())).toList();
            assertEquals(2, fks.size(), schema.foreignKeys().toString());
            ForeignKey toCustomers = fks.stream().filter(fk -> fk.toTable().equals(customers.name())).findFirst()
                    .orElseThrow();
            assertEquals(List.of(orders.column("customer_id").orElseThrow().name()), toCustomers.fromColumns());
            assertEquals(customers.primaryKey(), toCustomers.toColumns());
        }
    }

    @Test
    void readsSpiderSqlite() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            DbSchema schema = new SchemaReader().read(c);
            assertEquals(Set.of("stadium", "singer", "concert", "singer_in_concert"),
                    Set.copyOf(schema.tables().stream().map(DbTable::name).toList()));
            DbTable singer = schema.table("SINGER").orElseThrow();
            assertEquals("singer", singer.name());
            assertEquals(List.of("Singer_ID"), singer.primaryKey());
            DbColumn country = singer.column("country").orElseThrow();
            assertEquals("Country", country.name());
            assertTrue(country.isText());
            assertFalse(country.sampleValues().isEmpty());
            assertTrue(country.sampleValues().size() <= 3);
            DbTable sic = schema.table("singer_in_concert").orElseThrow();
            assertEquals(List.of("concert_ID", "Singer_ID"), sic.primaryKey());
            assertTrue(schema.foreignKeys().contains(new ForeignKey("concert", List.of("Stadium_ID"), "stadium",
                    List.of("Stadium_ID"))), schema.foreignKeys().toString());
            assertTrue(schema.foreignKeys().contains(new ForeignKey("singer_in_concert", List.of("Singer_ID"),
                    "singer", List.of("Singer_ID"))), schema.foreignKeys().toString());
        }
        try (Connection c = TestDatabases.spider("pets_1")) {
            DbSchema schema = new SchemaReader().read(c);
            assertTrue(schema.table("Student").isPresent(), schema.tables().toString());
            assertTrue(schema.table("Has_Pet").isPresent());
            assertTrue(schema.tables().stream().noneMatch(t -> t.name().startsWith("sqlite_")));
            assertEquals(2, schema.foreignKeys().stream().filter(fk -> fk.fromTable().equalsIgnoreCase("has_pet"))
                    .count(), schema.foreignKeys().toString());
        }
    }

    @Test
    void sampleBudgetIsRespectedAndSampleValuesAreCut() throws Exception {
        try (Fixture f = new Fixture(Kind.H2)) {
            try (var st = f.connection.createStatement()) {
                st.execute(f.sql("INSERT INTO {c} VALUES (9, '" + "x".repeat(45) + "', 'Faro')"));
            }
            DbSchema one = new SchemaReader(1).read(f.connection);
            long sampled = one.tables().stream().flatMap(t -> t.columns().stream())
                    .filter(c -> !c.sampleValues().isEmpty()).count();
            assertEquals(1, sampled);
            DbSchema all = new SchemaReader().read(f.connection);
            assertTrue(all.tables().stream().flatMap(t -> t.columns().stream())
                    .flatMap(c -> c.sampleValues().stream()).allMatch(v -> v.length() <= 40));
            DbSchema none = SchemaReader.withoutSamples().read(f.connection);
            assertTrue(none.tables().stream().flatMap(t -> t.columns().stream())
                    .allMatch(c -> c.sampleValues().isEmpty()));
        }
    }

    @Test
    void samplingFailureInATransactionDoesNotAbortIt() throws Exception {
        try (Fixture f = new Fixture(Kind.POSTGRESQL)) {
            f.connection.setAutoCommit(false);
            try {
                DbSchema s = new SchemaReader().read(f.connection);
                assertTrue(s.table(f.customers).isPresent());
                // the transaction is still usable
                assertEquals(List.of(List.of("4")), TestDatabases.rows(f.connection, f.sql("SELECT count(*) FROM {c}")));
            } finally {
                f.connection.rollback();
                f.connection.setAutoCommit(true);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fingerprintIgnoresDataButNotStructure(Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            String before = SchemaFingerprint.of(f.connection);
            assertEquals(before, SchemaFingerprint.of(new SchemaReader().read(f.connection)));
            try (var st = f.connection.createStatement()) {
                st.execute(f.sql("INSERT INTO {c} VALUES (7, 'Zé', 'Braga')"));
            }
            assertEquals(before, SchemaFingerprint.of(f.connection));
            try (var st = f.connection.createStatement()) {
                st.execute(f.sql("ALTER TABLE {c} ADD COLUMN email VARCHAR(80)"));
            }
            assertNotEquals(before, SchemaFingerprint.of(f.connection));
        }
    }
}
