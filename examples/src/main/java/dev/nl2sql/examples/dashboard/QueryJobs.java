package dev.nl2sql.examples.dashboard;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queries the page has started: run by a few worker threads (the model answers one question at a time anyway,
 * others wait in the driver within their timeout), visible only to the user who started them, and forgotten a while
 * after they finish. Each user may have a few unfinished at once, so one browser cannot queue up the machine.
 */
final class QueryJobs implements AutoCloseable {

    static final int MAX_UNFINISHED_PER_USER = 8;
    static final Duration KEEP_FINISHED = Duration.ofMinutes(30);
    /** Finished jobs hold their rows, so each user keeps only this many, the newest. */
    static final int MAX_FINISHED_PER_USER = 50;

    private static final Logger log = LoggerFactory.getLogger(QueryJobs.class);

    private final QueryConnections connections;
    private final History history;
    private final int timeoutSeconds;
    private final int maxRows;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, QueryJob> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    QueryJobs(QueryConnections connections, History history, int timeoutSeconds, int maxRows, int threads,
            Clock clock) {
        this.connections = connections;
        this.history = history;
        this.timeoutSeconds = timeoutSeconds;
        this.maxRows = maxRows;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "dashboard-query-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(threads, factory);
    }

    /** Starts a question or SQL statement for {@code owner}, kept in their history. */
    QueryJob submit(String owner, QueryJob.Kind kind, String text) {
        return submit(owner, kind, text, true);
    }

    /**
     * Starts a question, SQL statement or explanation for {@code owner}; {@code remember} keeps it in their history
     * (not the re-runs of pins, nor explanations of an answer already there).
     */
    QueryJob submit(String owner, QueryJob.Kind kind, String text, boolean remember) {
        return submit(owner, kind, text, remember, null);
    }

    /**
     * As {@link #submit(String, QueryJob.Kind, String, boolean)}, in {@code thread}'s conversation (on its
     * connection, one job at a time) where it is not null.
     */
    QueryJob submit(String owner, QueryJob.Kind kind, String text, boolean remember, ConversationThread thread) {
        forgetOldJobs();
        long unfinished = byId.values().stream().filter(j -> j.owner().equals(owner) && !j.isFinished()).count();
        if (unfinished >= MAX_UNFINISHED_PER_USER) {
            throw new ApiException(429, "You have " + unfinished + " queries running already; wait for one or "
                    + "cancel it");
        }
        QueryJob.FinishListener onFinish = (finished, end) -> {
            if (remember) {
                try {
                    history.record(finished, end);
                } catch (SQLException | RuntimeException e) {
                    log.warn("Could not add query {} to {}'s history", finished.id(), owner, e);
                }
            }
            if (thread != null) {
                thread.finished(finished, end);
            }
        };
        QueryJob job = new QueryJob(HexFormat.of().formatHex(randomBytes()), owner, kind, text, clock, onFinish,
                thread == null ? null : thread.id());
        QueryConnections source = connections;
        if (thread != null) {
            thread.start(job);
            source = thread;
        }
        byId.put(job.id(), job);
        QueryConnections from = source;
        workers.execute(() -> job.run(from, timeoutSeconds, maxRows));
        return job;
    }

    /** A job of {@code owner}'s; other users' jobs are not found. */
    Optional<QueryJob> find(String owner, String id) {
        QueryJob job = byId.get(id);
        return job != null && job.owner().equals(owner) ? Optional.of(job) : Optional.empty();
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    private void forgetOldJobs() {
        Instant cutoff = clock.instant().minus(KEEP_FINISHED);
        byId.values().removeIf(j -> j.finishedAt() != null && j.finishedAt().isBefore(cutoff));
        Map<String, List<QueryJob>> finishedByOwner = byId.values().stream().filter(QueryJob::isFinished)
                .collect(Collectors.groupingBy(QueryJob::owner));
        for (List<QueryJob> finished : finishedByOwner.values()) {
            if (finished.size() > MAX_FINISHED_PER_USER) {
                finished.sort(Comparator.comparing(QueryJob::finishedAt).reversed());
                finished.subList(MAX_FINISHED_PER_USER, finished.size()).forEach(j -> byId.remove(j.id()));
            }
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Cancels what still runs and stops the workers. */
    @Override
    public void close() {
        byId.values().forEach(QueryJob::cancel);
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
