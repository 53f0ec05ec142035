package dev.nl2sql.engine.schema;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema snapshots per database, shared by all connections of the JVM ({@link #shared()}).
 *
 * <p>Choices:
 * <ul>
 *   <li><b>Key.</b> The caller gives a database key (the target JDBC URL and user): connections to the same database
 *   share one snapshot; the connection passed to {@link #get} is only used to read when the entry is missing or
 *   stale. The current schema is taken to be a property of the key (a caller that switches schemas per connection
 *   should put the schema into the key).</li>
 *   <li><b>Freshness.</b> An entry younger than the TTL (default 60 s) is returned as is, without touching the
 *   database. An older one is <em>revalidated</em>: the structure is read again from {@code DatabaseMetaData} (no
 *   sample queries); if it equals the cached structure (names, types, keys and remarks) the cached snapshot, samples
 *   and all, is kept and its clock restarted; otherwise the schema is read in full. Sample queries are what costs, so
 *   a quiet database costs a metadata read per TTL.</li>
 *   <li><b>Invalidation.</b> {@link #invalidate} drops the entry; the next {@link #get} reads in full. The driver
 *   calls it when DDL runs through it. DDL from elsewhere is seen within a TTL.</li>
 *   <li><b>Bounds.</b> At most 1,000 databases, an entry unused for an hour is dropped (Caffeine evicts).</li>
 *   <li><b>Concurrency.</b> Two threads that find the same entry stale may both read; the last write wins. Both read
 *   results are valid snapshots, and no lock is held while reading from a database.</li>
 * </ul>
 */
public final class SchemaCache {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCache.class);

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private static final SchemaCache SHARED = new SchemaCache(DEFAULT_TTL, new SchemaReader());

    private record Entry(SchemaSnapshot snapshot, long readAtNanos) {
    }

    private final Cache<String, Entry> cache;
    private final long ttlNanos;
    private final SchemaReader reader;
    private final LongSupplier clock;

    /** The JVM-wide cache: 60 s TTL, default {@link SchemaReader}. */
    public static SchemaCache shared() {
        return SHARED;
    }

    public SchemaCache(Duration ttl, SchemaReader reader) {
        this(ttl, reader, System::nanoTime);
    }

    /** For tests: a clock in nanoseconds. */
    SchemaCache(Duration ttl, SchemaReader reader, LongSupplier clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("negative TTL: " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = Caffeine.newBuilder().maximumSize(1_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    public Duration ttl() {
        return Duration.ofNanos(ttlNanos);
    }

    /**
     * The snapshot for the database, read through {@code connection} if there is none, or it is older than the TTL
     * and the structure changed, or it was invalidated.
     */
    public SchemaSnapshot get(String databaseKey, Connection connection) throws SQLException {
        Objects.requireNonNull(databaseKey, "databaseKey");
        Entry entry = cache.getIfPresent(databaseKey);
        long now = clock.getAsLong();
        if (entry != null && now - entry.readAtNanos() < ttlNanos) {
            return entry.snapshot();
        }
        if (entry != null) {
            DbSchema structure = SchemaReader.withoutSamples().read(connection);
            if (structure.equals(withoutSamples(entry.snapshot().schema()))) {
                LOG.debug("Schema of {} unchanged, snapshot kept", databaseKey);
                cache.put(databaseKey, new Entry(entry.snapshot(), clock.getAsLong()));
                return entry.snapshot();
            }
            LOG.debug("Schema of {} changed, reading it again", databaseKey);
        }
        SchemaSnapshot snapshot = read(connection);
        cache.put(databaseKey, new Entry(snapshot, clock.getAsLong()));
        return snapshot;
    }

    /** The cached snapshot, fresh or not, without reading; null if none. */
    public SchemaSnapshot peek(String databaseKey) {
        Entry e = cache.getIfPresent(databaseKey);
        return e == null ? null : e.snapshot();
    }

    /** Forget the database's snapshot: the next {@link #get} reads the schema in full. */
    public void invalidate(String databaseKey) {
        cache.invalidate(databaseKey);
    }

    /**
     * Forget every snapshot whose key starts with {@code keyPrefix}: DDL by one account changes what every account
     * of that database sees (the driver keys snapshots by URL and account).
     */
    public void invalidateAll(String keyPrefix) {
        cache.asMap().keySet().removeIf(key -> key.startsWith(keyPrefix));
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    private SchemaSnapshot read(Connection connection) throws SQLException {
        IdentifierStyle style = SchemaReader.styleOf(connection);
        DbSchema schema = reader.read(connection);
        return new SchemaSnapshot(schema, style, SchemaFingerprint.of(schema));
    }

    static DbSchema withoutSamples(DbSchema s) {
        List<DbTable> tables = s.tables().stream().map(t -> new DbTable(t.name(), t.kind(), t.remarks(),
                t.columns().stream().map(c -> new DbColumn(c.name(), c.type(), c.typeName(), c.nullable(),
                        c.remarks(), List.of())).toList(), t.primaryKey())).toList();
        return new DbSchema(s.name(), tables, s.foreignKeys());
    }
}
