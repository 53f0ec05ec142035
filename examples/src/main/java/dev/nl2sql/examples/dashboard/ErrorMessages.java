package dev.nl2sql.examples.dashboard;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** Turns what went wrong with a query into a sentence for the page, by SQLState (README, the error table). */
final class ErrorMessages {

    private ErrorMessages() {
    }

    static String describe(SQLException e, boolean question, int timeoutSeconds) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SQLTimeoutException || state.equals("HYT00") || state.equals("57014")) {
            return "Timed out after " + timeoutSeconds + " s (the dashboard's limit per query, --timeout): " + detail;
        }
        if (state.startsWith("08")) {
            return "Cannot reach the database: " + detail;
        }
        if (state.startsWith("28")) {
            return "The database refused the dashboard's account: " + detail;
        }
        // Read-only transactions (25006), missing privileges (42501; H2: 90096, and 90040 for admin-only functions),
        // a read-only database (H2: 90097).
        if (state.equals("25006") || state.equals("42501") || state.equals("90096") || state.equals("90040")
                || state.equals("90097")) {
            return "The dashboard only reads this database: " + detail;
        }
        if (question && state.equals("42000")) {
            return "No usable SQL for this question: " + detail;
        }
        if (question && state.equals("54000")) {
            return "The question is too long for the model: " + detail;
        }
        return detail + (state.isEmpty() ? "" : " [SQLState " + state + "]");
    }
}
