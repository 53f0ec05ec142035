package dev.nl2sql.engine.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * A question and the SQL that a user verified for it ({@code NL TEACH}). {@code stale} marks a pair taught against a
 * schema that has changed since ({@code schemaFingerprint} no longer matches): it is kept for the user to review but
 * never offered as an example or answer. {@code taughtBy}, {@code taughtAt} and {@code schemaFingerprint} may be
 * null where the store does not know them.
 */
public record TaughtPair(long id, String question, String sql, String taughtBy, Instant taughtAt,
        String schemaFingerprint, boolean stale) {

    public TaughtPair {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
    }
}
