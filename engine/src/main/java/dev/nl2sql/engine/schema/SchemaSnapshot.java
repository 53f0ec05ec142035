package dev.nl2sql.engine.schema;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.Objects;

/**
 * One read of a database's schema: the schema (with sample values), how the database writes identifiers, and the
 * {@link SchemaFingerprint} of its structure.
 */
public record SchemaSnapshot(DbSchema schema, IdentifierStyle style, String fingerprint) {

    public SchemaSnapshot {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
