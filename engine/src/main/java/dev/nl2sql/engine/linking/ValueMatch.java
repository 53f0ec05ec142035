package dev.nl2sql.engine.linking;

/**
 * A database value that the question names.
 *
 * @param table   the table, as stored
 * @param column  the text column, as stored
 * @param value   the value exactly as the table spells it
 * @param matched the question's text that named it
 * @param score   how sure the match is: 1 for the same words, less for a spelling variant, more for quoted text
 */
public record ValueMatch(String table, String column, String value, String matched, double score) {
}
