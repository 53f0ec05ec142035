package dev.nl2sql.examples.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open conversations, each an nl2sql connection held for one login session of a user. They are bounded: a user
 * has at most {@value #MAX_PER_USER} (one per browser tab, say; a new one closes their least recently used idle
 * one), a conversation unused for {@link #IDLE} is closed, and all of a session's close when it ends (logout, the
 * user removed or their password reset) and all of them when the server stops.
 */
final class ConversationThreads implements AutoCloseable {

    static final int MAX_PER_USER = 3;
    static final Duration IDLE = Duration.ofMinutes(15);
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    static final String GONE = "No such conversation: it ended (after " + IDLE.toMinutes() + " minutes without a "
            + "question, on logout or a restart) or it is not yours. Start a new one (POST /api/threads)";

    private static final Logger log = LoggerFactory.getLogger(ConversationThreads.class);

    private final TargetDatabase database;
    private final Clock clock;
    private final Map<String, ConversationThread> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService sweeper;

    ConversationThreads(TargetDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-conversations");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.MINUTES);
    }

    /** A new conversation for {@code user}'s session; their oldest idle one closes if they have too many. */
    synchronized ConversationThread create(String user, String session) {
        closeIdle();
        List<ConversationThread> own = byId.values().stream().filter(t -> t.owner().equals(user))
                .sorted(Comparator.comparing(ConversationThread::lastUsed)).toList();
        if (own.size() >= MAX_PER_USER) {
            ConversationThread oldest = own.stream().filter(t -> !t.isBusy()).findFirst()
                    .orElseThrow(() -> new ApiException(429, "You have " + own.size() + " conversations with a "
                            + "question running in each; wait for one to be answered"));
            closeOne(oldest, "the user started a new one beyond " + MAX_PER_USER);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        ConversationThread thread = new ConversationThread(HexFormat.of().formatHex(bytes), user, session, database,
                clock);
        byId.put(thread.id(), thread);
        return thread;
    }

    /**
     * The conversation {@code id} of this user's session. An id that is not one is refused (400); another user's or
     * another session's is not found, exactly as one that never existed (404).
     */
    ConversationThread find(String user, String session, String id) {
        return findIfOpen(user, session, id).orElseThrow(() -> new ApiException(404, GONE));
    }

    /** As {@link #find}, empty where it is not (or no longer) open. */
    Optional<ConversationThread> findIfOpen(String user, String session, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException(400, "A conversation id is 32 hexadecimal digits, as POST /api/threads gave it");
        }
        ConversationThread thread = byId.get(id);
        if (thread == null || thread.isClosed() || !thread.owner().equals(user) || session == null
                || !thread.session().equals(session)) {
            return Optional.empty();
        }
        return Optional.of(thread);
    }

    /** Closes the conversation; false where the user's session has no such one. */
    boolean close(String user, String session, String id) {
        Optional<ConversationThread> thread = findIfOpen(user, session, id);
        thread.ifPresent(t -> closeOne(t, "closed from the page"));
        return thread.isPresent();
    }

    /** A session ended: its conversations close. A null session: all of {@code user}'s. */
    void sessionEnded(String user, String session) {
        byId.values().stream().filter(t -> t.owner().equals(user) && (session == null || t.session().equals(session)))
                .toList().forEach(t -> closeOne(t, "the session ended"));
    }

    /** Closes the conversations unused for {@link #IDLE}. */
    void closeIdle() {
        try {
            Instant cutoff = clock.instant().minus(IDLE);
            byId.values().stream().filter(t -> t.idleSince(cutoff)).toList()
                    .forEach(t -> closeOne(t, "idle for " + IDLE.toMinutes() + " minutes"));
        } catch (RuntimeException e) {
            // The sweep runs again in a minute; an exception would stop the scheduled task for good.
            log.warn("Closing idle conversations failed", e);
        }
    }

    /** How many are open, for tests and the log. */
    int openCount() {
        return byId.size();
    }

    private void closeOne(ConversationThread thread, String why) {
        byId.remove(thread.id());
        thread.close();
        log.debug("Conversation {} of {} closed: {}", thread.id(), thread.owner(), why);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        byId.values().stream().toList().forEach(t -> closeOne(t, "the dashboard stops"));
    }
}
