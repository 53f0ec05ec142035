package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation of a user's in the Ask page: its questions run one at a time on the same nl2sql connection, so
 * the driver's conversation on it lets a follow-up ("and only those from France?") refer to the answers before.
 * The connection is opened with the first question, replaced (and the conversation started afresh, with a notice)
 * when it no longer works, and closed with the thread. Explanations of its answers run on it too, so that they show
 * the conversation the model sees; plain SQL and pins never do.
 */
final class ConversationThread implements QueryConnections {

    /** Questions the page lists; older ones stay in the user's history. */
    static final int MAX_ENTRIES = 20;
    static final String LOST_NOTICE = "The connection to the database was lost, so this conversation started afresh: "
            + "the model no longer sees the questions above.";

    private static final Logger log = LoggerFactory.getLogger(ConversationThread.class);

    /** A turn of the driver's conversation on this connection, as NL CONVERSATION: lists it. */
    private record Turn(int number, String question, boolean inPrompt) {
    }

    /** A question asked in this thread, with how it ended once it has. */
    private static final class Entry {
        final String jobId;
        final String question;
        final Instant askedAt;
        /** Earlier answers the model saw with this question; -1 until it has started. */
        int earlierAnswers = -1;
        /** Its turn in the driver's conversation once answered; 0 when it is none (failed, or not yet). */
        int turn;
        String state = "queued";
        String sql;
        Integer rowCount;
        String error;
        long elapsedMs;

        Entry(QueryJob job, Instant askedAt) {
            this.jobId = job.id();
            this.question = job.text();
            this.askedAt = askedAt;
        }
    }

    private final String id;
    private final String owner;
    private final String session;
    private final TargetDatabase database;
    private final Clock clock;
    /** Held by the job using the connection, from borrowing it until it is given back and the turns are read. */
    private final ReentrantLock connectionLock = new ReentrantLock();
    /** Guarded by connectionLock. */
    private Connection connection;

    // Guarded by this.
    private final Deque<Entry> entries = new ArrayDeque<>();
    private List<Turn> turns = List.of();
    private QueryJob running;
    private boolean startingAfresh;
    private boolean closed;
    private String notice;
    private Instant lastUsed;

    ConversationThread(String id, String owner, String session, TargetDatabase database, Clock clock) {
        this.id = id;
        this.owner = owner;
        this.session = session;
        this.database = database;
        this.clock = clock;
        this.lastUsed = clock.instant();
    }

    String id() {
        return id;
    }

    String owner() {
        return owner;
    }

    String session() {
        return session;
    }

    /**
     * Takes {@code job} as this thread's one running query (a question, or the explanation of an answer); a second
     * one while it runs is refused rather than queued, since a follow-up asked before its predecessor is answered
     * would not see it.
     */
    synchronized void start(QueryJob job) {
        if (closed) {
            throw new ApiException(404, ConversationThreads.GONE);
        }
        if (running != null || startingAfresh) {
            throw new ApiException(409, "A question of this conversation is still running: wait for its answer or "
                    + "cancel it, then ask again");
        }
        running = job;
        lastUsed = clock.instant();
        if (job.kind() == QueryJob.Kind.QUESTION) {
            entries.addLast(new Entry(job, lastUsed));
            while (entries.size() > MAX_ENTRIES) {
                entries.removeFirst();
            }
        }
    }

    /** The job has ended as {@code end} (told before whoever polls it sees so): the thread takes the next one. */
    synchronized void finished(QueryJob job, QueryJob.State end) {
        Entry entry = entry(job.id());
        if (entry != null) {
            entry.state = end.name().toLowerCase(Locale.ROOT);
            entry.sql = job.sql();
            entry.error = job.error();
            entry.elapsedMs = job.elapsed().toMillis();
            QueryResult result = job.result();
            entry.rowCount = end == QueryJob.State.DONE && result != null ? result.rowCount() : null;
        }
        if (running == job) {
            running = null;
        }
        lastUsed = clock.instant();
    }

    @Override
    public Lease borrow(String user, QueryJob.Kind kind) throws SQLException {
        connectionLock.lock();
        try {
            synchronized (this) {
                if (closed) {
                    throw new SQLException("This conversation was closed (logout, or idle for "
                            + ConversationThreads.IDLE.toMinutes() + " minutes); ask in a new one", "08003");
                }
            }
            Connection c = usableConnection();
            synchronized (this) {
                Entry entry = running == null ? null : entry(running.id());
                if (entry != null) {
                    entry.earlierAnswers = (int) turns.stream().filter(Turn::inPrompt).count();
                    entry.state = "running";
                }
            }
            return new Lease() {
                @Override
                public Connection connection() {
                    return c;
                }

                @Override
                public void close() {
                    try {
                        afterQuery(c);
                    } finally {
                        connectionLock.unlock();
                        closeConnectionIfClosed();
                    }
                }
            };
        } catch (SQLException | RuntimeException e) {
            connectionLock.unlock();
            throw e;
        }
    }

    /** The thread's connection, opened now if it has none, or replaced if it no longer works. */
    private Connection usableConnection() throws SQLException {
        if (connection != null && !works(connection)) {
            log.info("Conversation {} of {} lost its connection; it starts afresh on a new one", id, owner);
            closeQuietly(connection);
            connection = null;
            synchronized (this) {
                turns = List.of();
                notice = LOST_NOTICE;
            }
        }
        if (connection == null) {
            connection = database.open();
        }
        return connection;
    }

    private static boolean works(Connection c) {
        try {
            return !c.isClosed() && c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Ends the query's transaction (a failed one too: PostgreSQL refuses anything else in an aborted transaction)
     * and reads the driver's conversation as it now is, to mark what a follow-up will see.
     */
    private void afterQuery(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("Rollback on conversation {} failed: {}", id, e.getMessage());
        }
        List<Turn> now;
        try {
            now = readTurns(c);
        } catch (SQLException e) {
            log.debug("NL CONVERSATION: on conversation {} failed: {}", id, e.getMessage());
            now = List.of();
        }
        synchronized (this) {
            int before = turns.stream().mapToInt(Turn::number).max().orElse(0);
            int latest = now.stream().mapToInt(Turn::number).max().orElse(0);
            // Only questions add turns, one at a time, and the job that just ran has finished (finished() comes
            // before the connection is given back): a new turn is the answer to the newest question.
            Entry entry = entries.peekLast();
            if (latest > before && entry != null && entry.turn == 0) {
                entry.turn = latest;
            }
            turns = now;
        }
    }

    private static List<Turn> readTurns(Connection c) throws SQLException {
        List<Turn> turns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL CONVERSATION:")) {
            while (rs.next()) {
                turns.add(new Turn(rs.getInt("turn"), rs.getString("question"), rs.getBoolean("in_prompt")));
            }
        }
        return turns;
    }

    /**
     * "New conversation": the driver forgets the earlier questions ({@code NL NEW:} on the same connection) and the
     * page's list starts empty. Refused while a question runs.
     */
    void startAfresh() {
        synchronized (this) {
            if (closed) {
                throw new ApiException(404, ConversationThreads.GONE);
            }
            if (running != null || startingAfresh) {
                throw new ApiException(409, "A question of this conversation is still running: wait for its "
                        + "answer or cancel it, then start a new conversation");
            }
            startingAfresh = true;
        }
        connectionLock.lock();
        try {
            if (connection != null) {
                try (Statement s = connection.createStatement()) {
                    s.execute("NL NEW:");
                } catch (SQLException e) {
                    // A new connection has no conversation to forget either.
                    log.debug("NL NEW: on conversation {} failed ({}); its connection is replaced", id, e.getMessage());
                    closeQuietly(connection);
                    connection = null;
                }
            }
        } finally {
            synchronized (this) {
                entries.clear();
                turns = List.of();
                notice = null;
                startingAfresh = false;
                lastUsed = clock.instant();
            }
            connectionLock.unlock();
        }
    }

    /** What the page shows: the questions with their SQL and outcome, and what the next question's prompt holds. */
    synchronized Map<String, Object> view(QueryJobs jobs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("running", running == null ? null : running.id());
        view.put("notice", notice);
        List<Map<String, Object>> list = new ArrayList<>();
        Set<Integer> inPrompt = new HashSet<>();
        turns.stream().filter(Turn::inPrompt).forEach(t -> inPrompt.add(t.number()));
        for (Entry e : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("job", e.jobId);
            item.put("question", e.question);
            item.put("askedAt", e.askedAt.toString());
            item.put("state", e.state);
            item.put("sql", e.sql);
            item.put("rowCount", e.rowCount);
            item.put("error", e.error);
            item.put("elapsedMs", e.elapsedMs);
            item.put("earlierAnswers", e.earlierAnswers < 0 ? null : e.earlierAnswers);
            item.put("nextSees", e.turn > 0 && inPrompt.contains(e.turn));
            item.put("kept", jobs.find(owner, e.jobId).isPresent());
            list.add(item);
        }
        view.put("entries", list);
        view.put("nextSees", inPrompt.size());
        return view;
    }

    synchronized boolean idleSince(Instant cutoff) {
        return running == null && !startingAfresh && lastUsed.isBefore(cutoff);
    }

    synchronized boolean isBusy() {
        return running != null || startingAfresh;
    }

    synchronized Instant lastUsed() {
        return lastUsed;
    }

    synchronized void touch() {
        lastUsed = clock.instant();
    }

    /** Ends the thread: a running question is cancelled, and the connection closed once it is given back. */
    void close() {
        QueryJob job;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            job = running;
        }
        if (job != null) {
            job.cancel();
        }
        closeConnectionIfClosed();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the connection of a closed thread unless a job holds it; that job calls this again after giving it
     * back, so whichever of the two comes last closes it.
     */
    private void closeConnectionIfClosed() {
        if (!isClosed() || !connectionLock.tryLock()) {
            return;
        }
        try {
            if (connection != null) {
                closeQuietly(connection);
                connection = null;
                log.debug("Closed conversation {} of {}", id, owner);
            }
        } finally {
            connectionLock.unlock();
        }
    }

    private Entry entry(String jobId) {
        for (Entry e : entries) {
            if (e.jobId.equals(jobId)) {
                return e;
            }
        }
        return null;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("Closing a conversation's connection failed: {}", e.getMessage());
        }
    }
}
