package dev.nl2sql.examples.dashboard;

import java.sql.SQLWarning;

/**
 * Reads the SQL that answered a question from the statement's warnings, where the driver puts it for every client
 * (README, "The SQL"): {@code nl2sql: <model> answered "<question>" with: <SQL>}. The dashboard reads the message, as
 * DBeaver or sqlline show it, rather than the driver's own warning class: it uses the driver through JDBC alone.
 */
final class AnswerWarning {

    private static final String PREFIX = "nl2sql: ";
    private static final String SEPARATOR = "\" with: ";

    private AnswerWarning() {
    }

    /** The generated SQL, or null when no warning carries one. */
    static String generatedSql(SQLWarning warnings, String question) {
        for (SQLWarning w = warnings; w != null; w = w.getNextWarning()) {
            String message = w.getMessage();
            if (message == null || !message.startsWith(PREFIX)) {
                continue;
            }
            // The question may itself contain the separator, so look for it after the question first.
            String known = " answered \"" + question + SEPARATOR;
            int at = message.indexOf(known);
            if (at >= 0) {
                return message.substring(at + known.length());
            }
            int separator = message.indexOf(SEPARATOR);
            if (message.contains(" answered \"") && separator >= 0) {
                return message.substring(separator + SEPARATOR.length());
            }
        }
        return null;
    }
}
