package dev.nl2sql.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchemaCacheTest {

    @Test
    void sharesSnapshotsPerKeyAndRereadsAfterInvalidateOrTtl() throws Exception {
        String url = TestDatabases.url(TestDatabases.Kind.H2);
        AtomicLong clock = new AtomicLong();
        SchemaCache cache = new SchemaCache(Duration.ofSeconds(60), new SchemaReader(), clock::get);
        try (Connection a = TestDatabases.connect(url); Connection b = TestDatabases.connect(url)) {
            try (Statement st = a.createStatement()) {
                st.execute("CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(20))");
                st.execute("INSERT INTO t1 VALUES (1, 'one')");
            }
            SchemaSnapshot first = cache.get(url, a);
            assertEquals(IdentifierStyle.H2, first.style());
            assertTrue(first.schema().table("t1").isPresent());
            assertEquals(SchemaFingerprint.of(first.schema()), first.fingerprint());
            assertSame(first, cache.get(url, b), "same key, other connection: same snapshot");

            try (Statement st = b.createStatement()) {
                st.execute("CREATE TABLE t2 (id INT)");
            }
            assertSame(first, cache.get(url, b), "within the TTL nothing is read");

            cache.invalidate(url);
            SchemaSnapshot second = cache.get(url, a);
            assertNotSame(first, second);
            assertTrue(second.schema().table("T2").isPresent());
            assertTrue(!first.fingerprint().equals(second.fingerprint()));

            // TTL passed, structure unchanged: the snapshot (with its samples) is kept
            clock.addAndGet(Duration.ofSeconds(61).toNanos());
            assertSame(second, cache.get(url, a));
            // TTL passed, structure changed: read again
            try (Statement st = a.createStatement()) {
                st.execute("ALTER TABLE t2 ADD COLUMN extra VARCHAR(5)");
            }
            clock.addAndGet(Duration.ofSeconds(61).toNanos());
            SchemaSnapshot third = cache.get(url, b);
            assertNotSame(second, third);
            assertTrue(third.schema().table("t2").orElseThrow().column("extra").isPresent());
            assertSame(third, cache.peek(url));
        }
    }

    @Test
    void sharedInstanceHasDefaultTtl() {
        assertSame(SchemaCache.shared(), SchemaCache.shared());
        assertEquals(Duration.ofSeconds(60), SchemaCache.shared().ttl());
    }
}
