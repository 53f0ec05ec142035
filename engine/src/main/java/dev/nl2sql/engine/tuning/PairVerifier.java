package dev.nl2sql.engine.tuning;

import dev.nl2sql.engine.sql.CheckedSql;
import dev.nl2sql.engine.sql.SqlCheckException;
import dev.nl2sql.engine.sql.SqlChecker;
import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Optional;

/**
 * Keeps a query only where the model could be taught it and the answer would be used: PICARD's incremental checker
 * accepts it whole (the T5 engine's beam search could write it), T5's vocabulary can spell it, the engine's checker
 * passes it (as it checks every answer), and its checked form runs on the database, bounded, with rows that say
 * something (an empty result, or one of nulls only, teaches little).
 */
final class PairVerifier {

    private final Connection connection;
    private final SqlChecker checker;
    private final PrefixChecker picard;
    private final int maxRows;
    private final int timeoutSeconds;

    PairVerifier(Connection connection, SqlChecker checker, PrefixChecker picard, int maxRows, int timeoutSeconds) {
        this.connection = connection;
        this.checker = checker;
        this.picard = picard;
        this.maxRows = maxRows;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Why a query cannot be kept; empty when it can. */
    Optional<String> problem(String sql) {
        if (!T5Text.isWritable(sql)) {
            return Optional.of("T5's vocabulary cannot write one of its characters");
        }
        CheckerState state = picard.start().feed(sql);
        if (state.isRejected()) {
            return Optional.of("PICARD's checker refuses it: " + state.rejection());
        }
        if (!state.isComplete()) {
            return Optional.of("PICARD's checker finds it unfinished: " + state.completionProblem());
        }
        CheckedSql checked;
        try {
            checked = checker.check(sql);
        } catch (SqlCheckException e) {
            return Optional.of("the checker refuses it: " + e.getMessage());
        }
        try {
            return runs(checked.sql());
        } catch (SQLException e) {
            return Optional.of("the database refuses it: " + e.getMessage());
        }
    }

    /** Runs the checked query; in a transaction under a savepoint, so that a failure leaves the transaction usable. */
    private Optional<String> runs(String sql) throws SQLException {
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            Optional<String> problem = rows(sql);
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            return problem;
        } catch (SQLException e) {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            throw e;
        }
    }

    private Optional<String> rows(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setMaxRows(maxRows);
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        if (rs.getObject(i) != null) {
                            return Optional.empty();
                        }
                    }
                }
                return Optional.of("it finds no rows, or only nulls");
            }
        }
    }
}
