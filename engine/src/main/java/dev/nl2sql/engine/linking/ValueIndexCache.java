package dev.nl2sql.engine.linking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import java.sql.Connection;
import java.time.Duration;

/**
 * Value indexes per database and schema version, shared by all connections of the JVM ({@link #shared()}), like the
 * schema cache. The key is the database key and the schema's fingerprint, so DDL gives a new index. Data changes are
 * not tracked, so an index is read again {@link #DEFAULT_TTL} after it was read: a value added since is found from
 * then on. Reading happens on the first question that needs the index, through that question's connection; a second
 * question for the same key waits for that read rather than reading too.
 */
public final class ValueIndexCache {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private static final ValueIndexCache SHARED =
            new ValueIndexCache(DEFAULT_TTL, new ValueIndexReader(ValueIndexReader.Limits.DEFAULT));

    private final Cache<String, ValueIndex> cache;
    private final ValueIndexReader reader;

    public static ValueIndexCache shared() {
        return SHARED;
    }

    public ValueIndexCache(Duration ttl, ValueIndexReader reader) {
        this.reader = reader;
        this.cache = Caffeine.newBuilder().maximumSize(32).expireAfterWrite(ttl).build();
    }

    /** The index of the snapshot's schema, read through {@code connection} if there is none or it expired. */
    public ValueIndex get(String databaseKey, SchemaSnapshot snapshot, Connection connection) {
        return cache.get(databaseKey + '\u0000' + snapshot.fingerprint(),
                key -> reader.read(connection, snapshot.schema(), snapshot.style()));
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }
}
