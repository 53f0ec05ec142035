package dev.nl2sql.engine.schema;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A hash of a schema's structure: table names and kinds, column names, JDBC types, type names and nullability,
 * primary and foreign keys. Remarks and sample values are not part of it, so it changes when DDL changes what queries
 * can name, not when data changes. It is the first 32 hex digits of a SHA-256 over a canonical text (tables, foreign
 * keys sorted), so it does not depend on the order in which the driver lists things.
 */
public final class SchemaFingerprint {

    private SchemaFingerprint() {
    }

    /** The fingerprint of a schema already read. */
    public static String of(DbSchema schema) {
        StringBuilder sb = new StringBuilder();
        schema.tables().stream().sorted(Comparator.comparing(DbTable::name)).forEach(t -> {
            sb.append("T\u0001").append(t.name()).append('\u0001').append(t.kind()).append('\n');
            for (DbColumn c : t.columns()) {
                sb.append("C\u0001").append(c.name()).append('\u0001').append(c.type().getName()).append('\u0001')
                        .append(c.typeName()).append('\u0001').append(c.nullable()).append('\n');
            }
            sb.append("P\u0001").append(String.join("\u0002", t.primaryKey())).append('\n');
        });
        schema.foreignKeys().stream().map(SchemaFingerprint::line).sorted().forEach(l -> sb.append(l).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * The fingerprint of the connection's current schema, read from {@link java.sql.DatabaseMetaData} only (no sample
     * queries).
     */
    public static String of(Connection c) throws SQLException {
        return of(SchemaReader.withoutSamples().read(c));
    }

    private static String line(ForeignKey fk) {
        return "F\u0001" + fk.fromTable() + '\u0001' + join(fk.fromColumns()) + '\u0001' + fk.toTable() + '\u0001'
                + join(fk.toColumns());
    }

    private static String join(List<String> names) {
        return String.join("\u0002", names);
    }
}
