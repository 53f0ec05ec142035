package dev.nl2sql.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The conversation of a connection from Java, as {@code NL CONVERSATION:} and {@code NL NEW:} give it in SQL: the
 * earlier questions a follow-up may refer to, and a way to start afresh.
 *
 * <pre>{@code
 * NlConversation conversation = NlConversation.of(connection);   // a jdbc:nl2sql: connection (or a pool's proxy)
 * conversation.turns();    // what was asked and the SQL that answered it, oldest first
 * conversation.reset();    // the next question stands alone
 * }</pre>
 */
public final class NlConversation {

    private final Nl2SqlConnection connection;

    private NlConversation(Nl2SqlConnection connection) {
        this.connection = connection;
    }

    /** The conversation of {@code connection}, a jdbc:nl2sql: connection or a wrapper of one. */
    public static NlConversation of(Connection connection) throws SQLException {
        return new NlConversation(connection.unwrap(Nl2SqlConnection.class));
    }

    /** The answered questions remembered, oldest first; empty when nl2sql.conversation=off. */
    public List<Turn> turns() throws SQLException {
        ConversationLog log = connection.nl(false).conversation();
        return log == null ? List.of() : log.turns();
    }

    /** Forgets the conversation, so that the next question stands alone; how many turns were forgotten. */
    public int reset() throws SQLException {
        ConversationLog log = connection.nl(false).conversation();
        return log == null ? 0 : log.clear();
    }

    /**
     * One answered question of the conversation.
     *
     * @param number   its place since the conversation began (1 for the first), so older turns that were left out
     *                 show as a gap
     * @param question the question as asked
     * @param sql      the checked SQL that ran for it
     * @param askedAt  when it was answered
     * @param inPrompt whether the next question's prompt holds it (nl2sql.conversationChars may leave old ones out)
     */
    public record Turn(int number, String question, String sql, Instant askedAt, boolean inPrompt) {

        Turn inPrompt(boolean held) {
            return new Turn(number, question, sql, askedAt, held);
        }
    }
}
