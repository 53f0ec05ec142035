package dev.nl2sql.engine.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified question and the SQL that answers it, taught for one database ({@code NL TEACH}).
 *
 * @param id                the store's id, named by {@code NL FORGET: pair <id>}
 * @param question          the question as taught
 * @param sql               the SQL as taught (checked when taught and again each time it is used)
 * @param taughtBy          who taught it (the database account, or the name given to the Java API); may be null
 * @param taughtAt          when; may be null where the store does not know
 * @param schemaFingerprint the schema fingerprint the SQL was last checked against; may be null
 * @param stale             whether the SQL no longer passes the check on the current schema (a table or column it
 *                          names is gone): stale pairs are listed but never offered as an example or answer
 */
public record TaughtPair(long id, String question, String sql, String taughtBy, Instant taughtAt,
        String schemaFingerprint, boolean stale) {

    public TaughtPair {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
    }
}
