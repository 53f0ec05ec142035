package dev.nl2sql.driver;

import dev.nl2sql.engine.memory.GlossaryNote;
import dev.nl2sql.engine.memory.Knowledge;
import dev.nl2sql.engine.memory.TaughtMemory;
import dev.nl2sql.engine.memory.TaughtPair;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.rowset.CachedRowSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teaching commands (NL TEACH, NL NOTE, NL FORGET, NL LIST) on one connection's session. Each answers with rows of
 * one shape: what was added, what was forgotten, or what is stored ({@link #COLUMNS}).
 */
final class MemoryCommands {

    private static final Logger log = LoggerFactory.getLogger(MemoryCommands.class);

    /** The columns of every teaching command's result. */
    static final List<String> COLUMNS = List.of("kind", "id", "question", "sql", "note", "terms", "taught_by",
            "taught_at", "stale", "schema_fingerprint");
    private static final int[] TYPES = {Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
        Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.BOOLEAN, Types.VARCHAR};
    private static final Pattern FORGET = Pattern.compile("(?i)(pair|note)\\s*#?\\s*(\\d{1,18})");
    private static final String SEPARATOR = "=>";

    private final NlSession session;
    private final String user;

    MemoryCommands(NlSession session, String user) {
        this.session = session;
        this.user = user;
    }

    /** Runs a teaching command and returns its rows. */
    ResultSet run(NlCommand command) throws SQLException {
        return rows(items(command));
    }

    /** Runs a teaching command for executeUpdate: how many pairs or notes it added or removed. */
    int update(NlCommand command) throws SQLException {
        if (command.kind() == NlCommand.Kind.LIST) {
            throw Errors.misuse("NL LIST: returns rows, so executeUpdate cannot run it. Use executeQuery() or "
                    + "execute() and read the result set.");
        }
        return items(command).size();
    }

    List<Object> items(NlCommand command) throws SQLException {
        if (command.explain()) {
            throw Errors.misuse("EXPLAIN applies to questions (EXPLAIN NL: ...), not to " + command.word()
                    + ". Write " + command.syntax() + ".");
        }
        if (command.malformed()) {
            throw Errors.misuse("Cannot read " + command.word() + " " + command.on() + ": write "
                    + command.syntax() + ".");
        }
        TaughtMemory memory = memory();
        String key = session.memoryKey();
        return switch (command.kind()) {
            case TEACH -> List.of(teach(memory, key, command.question()));
            case NOTE -> List.of(memory.note(key, command.question(), terms(command.on()), user, session.schema()));
            case FORGET -> List.of(forget(memory, key, command));
            case LIST -> list(memory, key, command.question());
            case QUESTION, NEW, CONVERSATION -> throw new IllegalArgumentException(command.word()
                    + " is not a teaching command");
        };
    }

    TaughtMemory memory() throws SQLException {
        TaughtMemory memory = session.memory();
        if (memory == null) {
            throw Errors.misuse("The memory is off (nl2sql.memory=off): nothing can be taught, forgotten or listed. "
                    + "Set nl2sql.memory=on to use it.");
        }
        return memory;
    }

    private TaughtPair teach(TaughtMemory memory, String key, String text) throws SQLException {
        int at = text.indexOf(SEPARATOR);
        if (at < 0) {
            throw Errors.misuse("NL TEACH needs the question, then =>, then the SQL that answers it: "
                    + "NL TEACH: how many customers are there? => SELECT COUNT(*) FROM customers");
        }
        TaughtPair pair = memory.teach(key, text.substring(0, at), text.substring(at + SEPARATOR.length()), user,
                session.schema());
        log.info("Taught pair {} by {}: \"{}\" => {}", pair.id(), user, pair.question(), pair.sql());
        return pair;
    }

    private Object forget(TaughtMemory memory, String key, NlCommand command) throws SQLException {
        Matcher m = FORGET.matcher(command.question());
        if (!m.matches()) {
            throw Errors.misuse("Cannot read NL FORGET: " + command.question() + ": write " + command.syntax() + ".");
        }
        long id = Long.parseLong(m.group(2));
        boolean pair = m.group(1).equalsIgnoreCase("pair");
        Optional<?> gone = pair ? memory.store().forgetPair(key, id) : memory.store().forgetNote(key, id);
        if (gone.isEmpty()) {
            throw Errors.misuse("No " + m.group(1).toLowerCase(Locale.ROOT) + " " + id + " is taught for this "
                    + "database; NL LIST: shows what is.");
        }
        log.info("Forgot {} {} (by {})", m.group(1).toLowerCase(Locale.ROOT), id, user);
        return gone.get();
    }

    private List<Object> list(TaughtMemory memory, String key, String what) throws SQLException {
        String w = what.strip().toLowerCase(Locale.ROOT);
        if (!w.isEmpty() && !w.equals("pairs") && !w.equals("notes")) {
            throw Errors.misuse("Cannot read NL LIST: " + what + ": write NL LIST:, NL LIST: pairs or NL LIST: notes.");
        }
        Knowledge known = memory.store().certainlyEmpty() ? Knowledge.EMPTY : memory.current(key, session.schema());
        List<Object> out = new ArrayList<>();
        if (!w.equals("notes")) {
            out.addAll(known.pairs());
        }
        if (!w.equals("pairs")) {
            out.addAll(known.notes());
        }
        return out;
    }

    /** {@code orders.total, customers} → [orders.total, customers]. */
    static List<String> terms(String on) {
        if (on == null || on.isBlank()) {
            return List.of();
        }
        return Arrays.stream(on.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /** Rows of the one shape every teaching command answers with, in a disconnected row set. */
    static ResultSet rows(List<Object> items) throws SQLException {
        CachedRowSet rows = CommandRows.empty(COLUMNS, TYPES, ResultSetMetaData.columnNullable);
        // the JDK's row set puts each inserted row before the others: insert the last first
        for (int i = items.size() - 1; i >= 0; i--) {
            Object item = items.get(i);
            rows.moveToInsertRow();
            if (item instanceof TaughtPair p) {
                rows.updateString(1, "pair");
                rows.updateLong(2, p.id());
                rows.updateString(3, p.question());
                rows.updateString(4, p.sql());
                rows.updateNull(5);
                rows.updateNull(6);
                rows.updateString(7, p.taughtBy());
                rows.updateTimestamp(8, Timestamp.from(p.taughtAt()));
                rows.updateBoolean(9, p.stale());
                rows.updateString(10, p.schemaFingerprint());
            } else if (item instanceof GlossaryNote n) {
                rows.updateString(1, "note");
                rows.updateLong(2, n.id());
                rows.updateNull(3);
                rows.updateNull(4);
                rows.updateString(5, n.text());
                rows.updateString(6, n.terms().isEmpty() ? null : String.join(", ", n.terms()));
                rows.updateString(7, n.taughtBy());
                rows.updateTimestamp(8, Timestamp.from(n.taughtAt()));
                rows.updateBoolean(9, false);
                rows.updateNull(10);
            }
            rows.insertRow();
            rows.moveToCurrentRow();
        }
        rows.beforeFirst();
        return rows;
    }
}
