package dev.nl2sql.engine.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases.Fixture;
import dev.nl2sql.engine.testing.TestDatabases.Kind;
import dev.nl2sql.picard.schema.DbSchema;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The value index's per-column query runs on every database nl2sql is tested on, with the same counts. */
class ValueIndexDatabasesTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readsTheSameValuesOnEveryDatabase(Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            DbSchema all = new SchemaReader().read(f.connection);
            // only this fixture's tables: the shared test database may hold others' tables, coming and going
            DbSchema schema = new DbSchema(all.name(), all.tables().stream()
                    .filter(t -> t.name().toLowerCase().endsWith(f.suffix)).toList(), List.of());
            ValueIndexReader.Read read = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT)
                    .readWithReport(f.connection, schema, SchemaReader.styleOf(f.connection));
            // customers.name (4 rows), customers.city (4 rows, one NULL), products.name (3 rows); no view
            assertEquals(new ValueIndexReader.Report(3, 3, 0, 0, 0, 0, 0, 11, 9, 0, 0, false), read.report());
            assertEquals("Lisbon", read.index().match("customers in lisbon", 3).get(0).value());
        }
    }

    @Test
    void spiderDatabase() throws Exception {
        try (Connection c = dev.nl2sql.engine.testing.TestDatabases.spider("concert_singer")) {
            DbSchema schema = new SchemaReader().read(c);
            ValueIndexReader.Read read = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT)
                    .readWithReport(c, schema, SchemaReader.styleOf(c));
            assertEquals(read.report().textColumns(), read.report().columnsRead());
            assertEquals("France", read.index().match("singers from france", 3).get(0).value());
        }
    }
}
