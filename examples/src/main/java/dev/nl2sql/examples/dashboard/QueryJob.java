package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One question or SQL statement from the page, run on a worker thread so that the page can poll its progress and
 * cancel it ({@link Statement#cancel()} stops the model within one token, or the database's query).
 */
final class QueryJob {

    private static final Logger log = LoggerFactory.getLogger(QueryJob.class);

    /** A question (NL:), plain SQL, or the explanation of a question's answer (EXPLAIN NL:). */
    enum Kind { QUESTION, SQL, EXPLAIN }

    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** Told how a job ended just before the job says so, so that whoever polls it sees the outcome recorded. */
    @FunctionalInterface
    interface FinishListener {
        void finished(QueryJob job, State end);
    }

    private final String id;
    private final String owner;
    private final Kind kind;
    private final String text;
    private final Clock clock;
    private final Instant created;
    private final FinishListener onFinish;
    private final String threadId;

    private volatile State state = State.QUEUED;
    private volatile String sql;
    private volatile QueryResult result;
    private volatile String error;
    private volatile Instant finished;
    private volatile Statement running;
    private volatile boolean cancelRequested;

    QueryJob(String id, String owner, Kind kind, String text, Clock clock) {
        this(id, owner, kind, text, clock, null, null);
    }

    /** {@code threadId}: the conversation it runs in, or null for a connection of its own. */
    QueryJob(String id, String owner, Kind kind, String text, Clock clock, FinishListener onFinish, String threadId) {
        this.onFinish = onFinish;
        this.threadId = threadId;
        this.id = id;
        this.owner = owner;
        this.kind = kind;
        this.text = text;
        this.clock = clock;
        this.created = clock.instant();
        this.sql = kind == Kind.SQL ? text : null;
    }

    /** Runs the query on {@code database} and keeps its rows; never throws, failures become {@link #error()}. */
    void run(QueryConnections connections, int timeoutSeconds, int maxRows) {
        if (cancelRequested) {
            finish(State.CANCELLED, "Cancelled before it started");
            return;
        }
        state = State.RUNNING;
        try (QueryConnections.Lease lease = connections.borrow(owner, kind);
             Statement statement = lease.connection().createStatement()) {
            Connection connection = lease.connection();
            running = statement;
            if (cancelRequested) {
                finish(State.CANCELLED, "Cancelled before it started");
                return;
            }
            statement.setQueryTimeout(timeoutSeconds);
            statement.setMaxRows(maxRows + 1);
            boolean rows = statement.execute(switch (kind) {
                case QUESTION -> "NL: " + text;
                case EXPLAIN -> "EXPLAIN NL: " + text;
                case SQL -> text;
            });
            if (kind == Kind.QUESTION) {
                sql = AnswerWarning.generatedSql(statement.getWarnings(), text);
            }
            if (rows) {
                try (ResultSet rs = statement.getResultSet()) {
                    result = QueryResult.read(rs, maxRows);
                }
                connection.rollback();
                finish(State.DONE, null);
            } else {
                connection.rollback();
                finish(State.FAILED, "The statement returned no rows (the dashboard shows queries, and rolls back "
                        + "anything else)");
            }
        } catch (SQLException e) {
            if (cancelRequested) {
                finish(State.CANCELLED, String.format("Cancelled after %.1f s", elapsed().toMillis() / 1000.0));
            } else {
                log.debug("Query {} failed", id, e);
                finish(State.FAILED, ErrorMessages.describe(e, kind != Kind.SQL, timeoutSeconds));
            }
        } catch (RuntimeException e) {
            log.warn("Query {} failed unexpectedly", id, e);
            finish(State.FAILED, "Unexpected error: " + e);
        } finally {
            running = null;
        }
    }

    /** Asks the running statement to stop; a job still waiting for a thread will not start. */
    void cancel() {
        cancelRequested = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                log.debug("Cancel of query {} failed: {}", id, e.getMessage());
            }
        }
    }

    private void finish(State end, String message) {
        error = message;
        finished = clock.instant();
        if (onFinish != null) {
            onFinish.finished(this, end);
        }
        state = end;
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    Kind kind() {
        return kind;
    }

    /** The conversation it was asked in, or null. */
    String threadId() {
        return threadId;
    }

    String text() {
        return text;
    }

    State state() {
        return state;
    }

    boolean isFinished() {
        State s = state;
        return s == State.DONE || s == State.FAILED || s == State.CANCELLED;
    }

    /** The SQL that ran: the generated one for a question (once known), else the text itself. */
    String sql() {
        return sql;
    }

    /** The rows, once {@link State#DONE}. */
    QueryResult result() {
        return result;
    }

    String error() {
        return error;
    }

    /** Time since the job was submitted, up to when it finished. */
    Duration elapsed() {
        Instant end = finished;
        return Duration.between(created, end == null ? clock.instant() : end);
    }

    Instant finishedAt() {
        return finished;
    }
}
