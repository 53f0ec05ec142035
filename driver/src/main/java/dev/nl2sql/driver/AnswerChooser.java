package dev.nl2sql.driver;

import dev.nl2sql.engine.Conversation;
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

    private final NlSession session;
    private final String question;
    /** The earlier turns the question may refer to: the same for every attempt. */
    private final Conversation context;
    private final GenerationControl control;
    private final Runner runner;
    private final List<Feedback> feedback = new ArrayList<>();
    /** The first answer that ran and found nothing: kept open while later attempts are tried. */
    private Chosen firstEmpty;
    private SQLException lastFailure;
    private Translation lastFailed;
    /** Cost of all attempts so far. */
    private long millis;
    private int generated;
    private int made;

    private AnswerChooser(NlSession session, String question, Conversation context, GenerationControl control,
            Runner runner) {
        this.session = session;
        this.question = question;
        this.context = context;
        this.control = control;
        this.runner = runner;
    }

    static Chosen choose(NlSession session, String question, Conversation context, GenerationControl control,
            Runner runner) throws SQLException {
        AnswerChooser chooser = new AnswerChooser(session, question, context, control, runner);
        try {
            return chooser.choose();
        } catch (SQLException | RuntimeException e) {
            chooser.discardFirstEmpty();
            throw e;
        }
    }

    private Chosen choose() throws SQLException {
        int attempts = session.attempts();
        int nextCandidate = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Translation translation;
            try {
                translation = session.translate(question, context, control, feedback, nextCandidate);
            } catch (SQLException e) {
                if (attempt == 1 || interrupted(e)) {
                    throw e;
                }
                log.debug("No further candidate for \"{}\": {}", question, e.getMessage());
                break;
            }
            nextCandidate = translation.candidate() + 1;
            Translation counted = count(translation);
            control.check();
            Ran ran;
            try {
                ran = runner.run(translation.sql());
            } catch (SQLException e) {
                if (interrupted(e)) {
                    throw e;
                }
                log.debug("Attempt {} for \"{}\" failed on the database ({}): {}", attempt, question,
                        e.getMessage(), translation.sql());
                lastFailure = e;
                lastFailed = counted;
                feedback.add(new Feedback(translation.sql(), "failed on the database: " + firstLine(e)));
                continue;
            }
            // a taught pair's SQL was verified by whoever taught it: no rows is its answer, not a reason to retry
            if (translation.fromMemory() || hasRows(ran.rows())) {
                discardFirstEmpty();
                return new Chosen(counted, ran);
            }
            log.debug("Attempt {} for \"{}\" found no rows: {}", attempt, question, translation.sql());
            if (firstEmpty == null) {
                firstEmpty = new Chosen(counted, ran);
            } else {
                ran.close();
            }
            feedback.add(new Feedback(translation.sql(), "ran but found no rows"));
        }
        if (firstEmpty != null) {
            Translation chosen = firstEmpty.translation();
            Chosen answer = new Chosen(chosen.after(millis - chosen.generationMillis(),
                    generated - chosen.generatedTokens(), made - chosen.attempts()), firstEmpty.ran());
            firstEmpty = null;
            return answer;
        }
        throw failed(lastFailure, lastFailed, made);
    }

    /** The translation with the cost of the earlier attempts added; the running totals follow it. */
    private Translation count(Translation translation) {
        Translation counted = translation.after(millis, generated, made);
        millis = counted.generationMillis();
        generated = counted.generatedTokens();
        made = counted.attempts();
        return counted;
    }

    private void discardFirstEmpty() {
        if (firstEmpty != null) {
            firstEmpty.ran().close();
            firstEmpty = null;
        }
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
