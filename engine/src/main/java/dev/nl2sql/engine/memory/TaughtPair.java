package dev.nl2sql.engine.memory;

import java.time.Instant;

/**
 * A verified question and the SQL that answers it, taught for one database.
 *
 * @param id                the store's id, named by {@code NL FORGET: pair <id>}
 * @param question          the question as taught
 * @param sql               the SQL as taught (checked when taught and again each time it is used)
 * @param taughtBy          who taught it (the database account, or the name given to the Java API)
 * @param taughtAt          when
 * @param schemaFingerprint the schema fingerprint the SQL was last checked against
 * @param stale             whether the SQL no longer passes the check on the current schema (a table or column it
 *                          names is gone): stale pairs are listed but never used
 */
public record TaughtPair(long id, String question, String sql, String taughtBy, Instant taughtAt,
        String schemaFingerprint, boolean stale) {
}
