package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds on open conversations, with a clock the test moves: idle ones close with their connection, a user's
 * beyond the limit close oldest first, and a session's end closes its own and no other's.
 */
class DashboardConversationThreadsTest {

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T09:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    ConversationThreads threads;

    @BeforeEach
    void open() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("nl2sql.engine", "replay");
        threads = new ConversationThreads(SampleDatabase.start(properties), clock);
    }

    @AfterEach
    void close() {
        threads.close();
    }

    @Test
    void anIdleConversationClosesWithItsConnection() throws Exception {
        ConversationThread idle = threads.create("ann", "session-1");
        Connection connection = used(idle);
        clock.advance(Duration.ofMinutes(10));
        ConversationThread recent = threads.create("ann", "session-1");
        clock.advance(ConversationThreads.IDLE.minusMinutes(9));
        threads.closeIdle();

        assertTrue(idle.isClosed());
        assertTrue(connection.isClosed(), "its connection is closed too");
        assertEquals(404, assertThrows(ApiException.class, () -> threads.find("ann", "session-1", idle.id()))
                .status());
        assertFalse(recent.isClosed(), "used 6 minutes ago");
        assertEquals(recent, threads.find("ann", "session-1", recent.id()));
    }

    @Test
    void aUsersOldestConversationClosesBeyondTheLimit() throws Exception {
        ConversationThread oldest = threads.create("ann", "session-1");
        for (int i = 1; i < ConversationThreads.MAX_PER_USER; i++) {
            clock.advance(Duration.ofSeconds(1));
            threads.create("ann", "session-2");
        }
        clock.advance(Duration.ofSeconds(1));
        threads.create("bob", "session-3");
        assertEquals(ConversationThreads.MAX_PER_USER + 1, threads.openCount());
        clock.advance(Duration.ofSeconds(1));
        threads.create("ann", "session-2");
        assertTrue(oldest.isClosed());
        assertEquals(ConversationThreads.MAX_PER_USER + 1, threads.openCount(), "bob's is not ann's to lose");
    }

    @Test
    void aSessionsEndClosesItsConversationsOnly() throws Exception {
        ConversationThread first = threads.create("ann", "session-1");
        Connection connection = used(first);
        ConversationThread other = threads.create("ann", "session-2");
        ConversationThread bobs = threads.create("bob", "session-3");
        threads.sessionEnded("ann", "session-1");
        assertTrue(first.isClosed());
        assertTrue(connection.isClosed());
        assertFalse(other.isClosed() || bobs.isClosed());
        threads.sessionEnded("ann", null);
        assertTrue(other.isClosed(), "all of a user's, when removed or their password reset");
        assertFalse(bobs.isClosed());
    }

    @Test
    void idsAreCheckedBeforeTheyAreLookedUp() {
        ConversationThread thread = threads.create("ann", "session-1");
        assertEquals(400, assertThrows(ApiException.class, () -> threads.find("ann", "session-1", "../1")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> threads.find("ann", "session-2", thread.id()))
                .status());
        assertEquals(404, assertThrows(ApiException.class, () -> threads.find("bob", "session-1", thread.id()))
                .status());
    }

    /** Opens the conversation's connection, as its first question does, and gives it back. */
    private static Connection used(ConversationThread thread) throws Exception {
        Connection connection;
        try (QueryConnections.Lease lease = thread.borrow("ann", QueryJob.Kind.QUESTION)) {
            connection = lease.connection();
            assertTrue(connection.isValid(5));
        }
        assertFalse(connection.isClosed(), "kept between questions");
        return connection;
    }
}
