package dev.nl2sql.driver;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import javax.sql.rowset.CachedRowSet;

/**
 * {@code NL CONVERSATION:} (the turns a follow-up question may refer to) and {@code NL NEW:} alone (forget them) on
 * one connection. Both answer with the conversation as it is afterwards, in rows of one shape ({@link #COLUMNS}), so
 * that a client can show it as a thread.
 */
final class ConversationCommands {

    /** The columns of both commands' results. */
    static final List<String> COLUMNS = List.of("turn", "question", "sql", "asked_at", "in_prompt");
    private static final int[] TYPES = {Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.BOOLEAN};

    private final ConversationLog log;

    /** {@code log}: the connection's conversation, null when nl2sql.conversation=off (nothing to list or forget). */
    ConversationCommands(ConversationLog log) {
        this.log = log;
    }

    /** Runs the command and returns the conversation's turns afterwards. */
    ResultSet run(NlCommand command) throws SQLException {
        forgetIfNew(command);
        return rows(log == null ? List.of() : log.turns());
    }

    /** For executeUpdate: how many turns NL NEW: forgot; NL CONVERSATION: returns rows and is refused here. */
    int update(NlCommand command) throws SQLException {
        if (command.kind() == NlCommand.Kind.CONVERSATION) {
            throw Errors.misuse("NL CONVERSATION: returns rows, so executeUpdate cannot run it. Use executeQuery() "
                    + "or execute() and read the result set.");
        }
        return forgetIfNew(command);
    }

    private int forgetIfNew(NlCommand command) throws SQLException {
        if (command.explain()) {
            throw Errors.misuse("EXPLAIN applies to questions (EXPLAIN NL: ... or EXPLAIN NL NEW: ...), not to "
                    + command.word() + ". Write " + command.syntax() + ".");
        }
        if (command.malformed() || command.kind() == NlCommand.Kind.CONVERSATION && !command.question().isBlank()) {
            throw Errors.misuse("Cannot read " + command.word() + " "
                    + (command.malformed() ? command.on() : ": " + command.question()) + ": write "
                    + command.syntax() + ".");
        }
        return command.kind() == NlCommand.Kind.NEW && log != null ? log.clear() : 0;
    }

    /** The turns in a disconnected row set, oldest first. */
    static ResultSet rows(List<NlConversation.Turn> turns) throws SQLException {
        CachedRowSet rows = CommandRows.empty(COLUMNS, TYPES, ResultSetMetaData.columnNoNulls);
        // the JDK's row set puts each inserted row before the others: insert the last first
        for (int i = turns.size() - 1; i >= 0; i--) {
            NlConversation.Turn turn = turns.get(i);
            rows.moveToInsertRow();
            rows.updateInt(1, turn.number());
            rows.updateString(2, turn.question());
            rows.updateString(3, turn.sql());
            rows.updateTimestamp(4, Timestamp.from(turn.askedAt()));
            rows.updateBoolean(5, turn.inPrompt());
            rows.insertRow();
            rows.moveToCurrentRow();
        }
        rows.beforeFirst();
        return rows;
    }
}
