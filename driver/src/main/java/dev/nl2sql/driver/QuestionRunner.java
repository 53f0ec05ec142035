package dev.nl2sql.driver;

import dev.nl2sql.engine.Conversation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.Translation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One question, top to bottom: it takes the question and its limits and gives back the answer (the rows and the
 * translation that the statement's warnings report). In order: the model writes SQL within the question's deadline
 * ({@link NlSession#translate}); each candidate runs read-only on an inner statement of its own, bounded in rows and
 * time, under the {@link Watchdog} and the {@link HeapGuard} ({@link #runCandidate}); the first that runs and finds rows
 * wins, or another attempt is asked for ({@link AnswerChooser}); whatever fails ends as one SQLException with a
 * fitting state ({@link QuestionFailures}). {@link #stop} ends it from another thread (cancel, close, abort: HY008).
 *
 * <p>The same runner prepares a question at prepare time ({@link #prepare}) and runs a prepared question's SQL each
 * time its statement executes ({@link #runPrepared}). Statements only decide whether their text is a question.
 */
final class QuestionRunner {

    private static final Logger log = LoggerFactory.getLogger(QuestionRunner.class);

    /**
     * The caller's limits on a question: its statement's query timeout in seconds (0: nl2sql.queryTimeout), its
     * max rows (0: nl2sql.maxRows alone) and its fetch size (0: the driver's own).
     */
    record Limits(int timeoutSeconds, int maxRows, int fetchSize) {
    }

    /** An answered question: its translation, the inner statement that ran it and its rows, at most rowLimit. */
    record Answer(Translation translation, Statement statement, ResultSet rows, int rowLimit) {
    }

    /** A question prepared: its translation, and the SQL (or EXPLAIN row) prepared on the connection for answers. */
    record Prepared(Translation translation, PreparedStatement statement) {
    }

    /** Prepares generated SQL on the connection for answers, with the options the caller asked for. */
    interface SqlPreparer {
        PreparedStatement prepare(Connection answers, String sql) throws SQLException;
    }

    private final NlSession session;
    private final GenerationControl control;
    private final int rowLimit;
    private final int fetchSize;
    /** The statement that runs the question's SQL right now, for stop() from another thread. */
    private volatile Statement runningSql;
    /** Why the question was stopped from another thread; null while nobody stopped it. */
    private volatile String stoppedBy;

    QuestionRunner(NlSession session, Limits limits) {
        this.session = session;
        this.control = session.control(limits.timeoutSeconds());
        this.rowLimit = session.rowLimit(limits.maxRows());
        this.fetchSize = limits.fetchSize();
    }

    /** The most rows the answer gives: the smaller of the caller's max rows and nl2sql.maxRows. */
    int rowLimit() {
        return rowLimit;
    }

    /**
     * Answers a question asked through a statement. EXPLAIN NL: describes the first answer that passes the check,
     * without running it; otherwise the candidates are tried in turn ({@link AnswerChooser}).
     */
    Answer answer(NlCommand question) throws SQLException {
        try {
            Translation translation;
            AnswerChooser.Ran ran;
            Conversation context = context(question);
            if (question.explain()) {
                translation = session.translate(question.question(), context, control);
                ran = runCandidate(GeneratedSql.statementFor(translation, true, session.style()));
            } else {
                AnswerChooser.Chosen chosen = AnswerChooser.choose(session, question.question(), context, control,
                        this::runCandidate);
                translation = chosen.translation();
                ran = chosen.ran();
                remember(translation);
            }
            GeneratedSql.logAnswer(translation);
            return new Answer(translation, ran.statement(), ran.rows(), rowLimit);
        } catch (SQLException | RuntimeException e) {
            SQLException failure = QuestionFailures.of(e, control, stoppedBy);
            closeRunningSql(failure);
            throw failure == e ? session.afterFailure(failure) : failure;
        }
    }

    /**
     * A question in prepareStatement: the SQL is written now, so that getMetaData() answers before execution as BI
     * tools expect. Nothing runs before execution, so the first answer that passes the check is prepared.
     */
    Prepared prepare(NlCommand question, SqlPreparer preparer) throws SQLException {
        try {
            Translation translation = session.translate(question.question(), context(question), control);
            GeneratedSql.logAnswer(translation);
            String sql = GeneratedSql.statementFor(translation, question.explain(), session.style());
            return new Prepared(translation, preparer.prepare(session.answers(), sql));
        } catch (RuntimeException e) {
            throw QuestionFailures.unexpected(e);
        }
    }

    /**
     * The earlier turns a question may refer to: none for NL NEW:, which also forgets them (EXPLAIN changes nothing),
     * nor where nl2sql.conversation=off. EXPLAIN NL: of the question just answered sees what that answer saw.
     */
    private Conversation context(NlCommand question) {
        ConversationLog log = session.conversation();
        if (log == null || question.startsAfresh()) {
            if (log != null && !question.explain()) {
                log.clear();
            }
            return Conversation.NONE;
        }
        return question.explain() ? log.contextToExplain(question.question()) : log.context();
    }

    /** An answered question joins its connection's conversation; one that failed never does. */
    void remember(Translation translation) {
        ConversationLog log = session.conversation();
        if (log != null) {
            log.add(translation.question(), translation.sql());
        }
    }

    /** Runs a prepared question's SQL on its own statement, bounded, read-only where that can be switched, watched. */
    <T> T runPrepared(Statement prepared, GeneratedSql.SqlWork<T> work) throws SQLException {
        runningSql = prepared;
        try {
            GeneratedSql.bound(prepared, rowLimit, control.remainingMillis());
            return GeneratedSql.watched(prepared, control, session.inProcess(), () -> session.runGenerated(work));
        } catch (SQLException | RuntimeException e) {
            throw QuestionFailures.of(e, control, stoppedBy);
        } finally {
            runningSql = null;
        }
    }

    /**
     * Stops the question: generation ends at its next token, the database is asked to cancel the SQL that runs (the
     * {@link Watchdog} asks again should the SQL not have started yet), and the question ends in HY008 saying
     * {@code why}.
     */
    void stop(String why) {
        stoppedBy = why;
        control.cancel();
        Statement inner = runningSql;
        if (inner != null) {
            try {
                inner.cancel();
            } catch (SQLException | RuntimeException e) {
                log.debug("Cancelling a stopped question's SQL failed; the watchdog tries again", e);
            }
        }
    }

    /** Runs one candidate's SQL on an inner statement of its own, bounded in rows and by the remaining time. */
    private AnswerChooser.Ran runCandidate(String sql) throws SQLException {
        control.check();
        Statement inner = session.answers().createStatement();
        runningSql = inner;
        try {
            GeneratedSql.bound(inner, rowLimit, control.remainingMillis());
            if (fetchSize > 0) {
                inner.setFetchSize(Math.min(fetchSize, rowLimit)); // H2 refuses a fetch size above max rows
            }
            ResultSet rows = GeneratedSql.watched(inner, control, session.inProcess(),
                    () -> session.runGenerated(() -> inner.executeQuery(sql)));
            return new AnswerChooser.Ran(inner, rows);
        } catch (SQLException e) {
            runningSql = null;
            inner.close();
            throw e;
        }
    }

    /** After a failure: the candidate that ran last is closed (closing a closed statement does nothing). */
    private void closeRunningSql(SQLException failure) {
        Statement inner = runningSql;
        runningSql = null;
        if (inner != null) {
            try {
                inner.close();
            } catch (SQLException closing) {
                failure.addSuppressed(closing);
            }
        }
    }
}
