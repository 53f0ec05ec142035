package dev.nl2sql.driver;

import dev.nl2sql.engine.memory.GlossaryNote;
import dev.nl2sql.engine.memory.Knowledge;
import dev.nl2sql.engine.memory.TaughtMemory;
import dev.nl2sql.engine.memory.TaughtPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Teaching from Java, the same rules as the statements ({@code NL TEACH:}, {@code NL NOTE:}, {@code NL FORGET:},
 * {@code NL LIST:}): what is taught is checked against the database the connection is on, and kept for that database.
 *
 * <pre>{@code
 * NlMemory memory = NlMemory.of(connection);   // a jdbc:nl2sql: connection (or a pool's proxy of one)
 * memory.teach("How many big orders?", "SELECT COUNT(*) FROM orders WHERE total > 1000");
 * memory.note("a big order means total > 1000", "orders.total");
 * }</pre>
 */
public final class NlMemory {

    private final Nl2SqlConnection connection;
    private final String teacher;

    private NlMemory(Nl2SqlConnection connection, String teacher) {
        this.connection = connection;
        this.teacher = teacher;
    }

    /** The memory of the database {@code connection} is on; pairs are recorded as taught by its account. */
    public static NlMemory of(Connection connection) throws SQLException {
        Nl2SqlConnection nl = connection.unwrap(Nl2SqlConnection.class);
        return new NlMemory(nl, Nl2SqlStatement.teacher(nl.delegate));
    }

    /** The same memory, with {@code name} recorded as who teaches (an application's end user, a script). */
    public NlMemory as(String name) {
        return new NlMemory(connection, name);
    }

    /** Teaches a question and the one read-only query that answers it; refused (42000) if the checker refuses it. */
    public TaughtPair teach(String question, String sql) throws SQLException {
        return commands().memory().teach(key(), question, sql, teacher, session().schema());
    }

    /** Teaches a note, optionally tied to tables or columns ({@code table}, {@code column}, {@code table.column}). */
    public GlossaryNote note(String text, String... terms) throws SQLException {
        return commands().memory().note(key(), text, Arrays.asList(terms), teacher, session().schema());
    }

    /** Forgets a pair; false where this database has no pair of that id. */
    public boolean forgetPair(long id) throws SQLException {
        return commands().memory().store().forgetPair(key(), id).isPresent();
    }

    /** Forgets a note; false where this database has no note of that id. */
    public boolean forgetNote(long id) throws SQLException {
        return commands().memory().store().forgetNote(key(), id).isPresent();
    }

    /** Every pair taught for this database, stale ones flagged, in the order taught. */
    public List<TaughtPair> pairs() throws SQLException {
        return knowledge().pairs();
    }

    /** Every note taught for this database, in the order taught. */
    public List<GlossaryNote> notes() throws SQLException {
        return knowledge().notes();
    }

    private Knowledge knowledge() throws SQLException {
        TaughtMemory memory = commands().memory();
        return memory.store().certainlyEmpty() ? Knowledge.EMPTY : memory.current(key(), session().schema());
    }

    private NlSession session() throws SQLException {
        NlSession session = connection.nl(false);
        session.follow(connection.delegate);
        return session;
    }

    private String key() throws SQLException {
        return session().memoryKey();
    }

    private MemoryCommands commands() throws SQLException {
        return new MemoryCommands(session(), teacher);
    }
}
