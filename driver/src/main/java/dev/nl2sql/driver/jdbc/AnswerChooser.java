package dev.nl2sql.driver.jdbc;

import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest.Feedback;
import dev.nl2sql.engine.Translation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution-guided choice with self-correction: the first SQL that runs and finds rows wins. When a candidate fails on
 * the database or finds nothing, the next attempt is asked for, with what went wrong (the model sees the error; a
 * replay file or a beam gives its next candidate), up to {@code nl2sql.attempts}, all within the question's deadline.
 * If every candidate that ran found nothing, the first of them is the answer: some questions have none.
 */
final class AnswerChooser {

    private static final Logger log = LoggerFactory.getLogger(AnswerChooser.class);

    /** Runs one candidate's SQL on an inner statement of its own, bounded; the caller closes what it returns. */
    interface Runner {
        Ran run(String sql) throws SQLException;
    }

    /** A candidate that ran: its inner statement and rows. */
    record Ran(Statement statement, ResultSet rows) {
        void close() {
            try {
                statement.close();
            } catch (SQLException e) {
                log.debug("Closing a discarded candidate's statement failed", e);
            }
        }
    }

    /** The chosen answer: its translation (with the cost of every attempt added) and its open rows. */
    record Chosen(Translation translation, Ran ran) {
    }

    private AnswerChooser() {
    }

    static Chosen choose(NlSession session, String question, GenerationControl control, Runner runner)
            throws SQLException {
        Chosen[] keptOpen = new Chosen[1];
        try {
            return choose(session, question, control, runner, keptOpen);
        } catch (SQLException | RuntimeException e) {
            if (keptOpen[0] != null) {
                keptOpen[0].ran().close();
            }
            throw e;
        }
    }

    /** The attempts; {@code keptOpen[0]} holds the first empty answer while later ones are tried. */
    private static Chosen choose(NlSession session, String question, GenerationControl control, Runner runner,
            Chosen[] keptOpen) throws SQLException {
        int attempts = session.attempts();
        List<Feedback> feedback = new ArrayList<>();
        Chosen firstEmpty = null;
        SQLException lastFailure = null;
        Translation lastFailed = null;
        int nextCandidate = 0;
        long millis = 0;
        int generated = 0;
        int made = 0;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Translation translation;
            try {
                translation = session.translate(question, control, feedback, nextCandidate);
            } catch (SQLException e) {
                if (attempt == 0 || interrupted(e)) {
                    throw e;
                }
                log.debug("No further candidate for \"{}\": {}", question, e.getMessage());
                break;
            }
            nextCandidate = translation.candidate() + 1;
            Translation counted = translation.after(millis, generated, made);
            millis = counted.generationMillis();
            generated = counted.generatedTokens();
            made = counted.attempts();
            control.check();
            Ran ran;
            try {
                ran = runner.run(translation.sql());
            } catch (SQLException e) {
                if (interrupted(e)) {
                    throw e;
                }
                log.debug("Attempt {} for \"{}\" failed on the database ({}): {}", attempt + 1, question,
                        e.getMessage(), translation.sql());
                lastFailure = e;
                lastFailed = counted;
                feedback.add(new Feedback(translation.sql(), "failed on the database: " + firstLine(e)));
                continue;
            }
            if (hasRows(ran.rows())) {
                if (firstEmpty != null) {
                    keptOpen[0] = null;
                    firstEmpty.ran().close();
                }
                return new Chosen(counted, ran);
            }
            log.debug("Attempt {} for \"{}\" found no rows: {}", attempt + 1, question, translation.sql());
            if (firstEmpty == null) {
                firstEmpty = new Chosen(counted, ran);
                keptOpen[0] = firstEmpty;
            } else {
                ran.close();
            }
            feedback.add(new Feedback(translation.sql(), "ran but found no rows"));
        }
        if (firstEmpty != null) {
            keptOpen[0] = null;
            Translation chosen = firstEmpty.translation();
            return new Chosen(chosen.after(millis - chosen.generationMillis(), generated - chosen.generatedTokens(),
                    made - chosen.attempts()), firstEmpty.ran());
        }
        throw failed(lastFailure, lastFailed, made);
    }

    /**
     * Whether the rows are not empty, without reading one: {@code isBeforeFirst()} is true only before a first row.
     * Drivers that do not support it on forward-only results are taken to have rows (no retry then).
     */
    static boolean hasRows(ResultSet rows) {
        try {
            return rows.isBeforeFirst();
        } catch (SQLFeatureNotSupportedException e) {
            return true;
        } catch (SQLException e) {
            log.debug("isBeforeFirst() failed; taking the result as not empty", e);
            return true;
        }
    }

    /**
     * A deadline, a cancel, a lost connection or an aborted transaction (PostgreSQL refuses every statement after an
     * error until rollback) ends the question: another attempt could not help.
     */
    private static boolean interrupted(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTimeoutException || e instanceof SQLTransientException
                || state != null && (state.startsWith("HY008") || state.startsWith("HYT") || state.startsWith("08")
                        || state.startsWith("25") || state.startsWith("57P0") || state.equals("57014")
                        || state.equals("70100"));
    }

    private static SQLException failed(SQLException cause, Translation translation, int attempts) {
        String tried = attempts == 1 ? "" : " (" + attempts + " attempts; the last is shown)";
        return new SQLException("The model's SQL for this question failed on the database" + tried + ": "
                + firstLine(cause) + ". Rephrase the question with the names of the tables or columns you mean. "
                + "The SQL was: " + translation.sql(), cause.getSQLState(), cause.getErrorCode(), cause);
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
