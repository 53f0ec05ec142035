package dev.nl2sql.engine.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.sql.SqlCheckException;
import dev.nl2sql.engine.sql.SqlChecker;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbTable;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memory store with the rules around it, one per store URL and JVM ({@link #forUrl}): what may be taught (a question
 * and one query the {@link SqlChecker} accepts on the database; notes tied only to tables and columns it has), and
 * what a question gets (pairs checked again when the schema changed, stale ones left out; read again only when the
 * store's version for the database changed).
 *
 * <p>Questions never fail because of the store: {@link #knowledge} logs what went wrong and answers with nothing
 * taught, and after a failure leaves the store alone for {@link #RETRY_NANOS} so a damaged or locked store costs a
 * question no time. Teaching, forgetting and listing report the store's errors as SQLExceptions.
 */
public final class TaughtMemory {

    private static final Logger log = LoggerFactory.getLogger(TaughtMemory.class);
    private static final Map<String, TaughtMemory> STORES = new ConcurrentHashMap<>();
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    public static final int MAX_QUESTION_CHARS = 2_000;
    public static final int MAX_SQL_CHARS = 20_000;
    public static final int MAX_NOTE_CHARS = 2_000;

    private final MemoryStore store;
    private final Map<String, Cached> cached = new ConcurrentHashMap<>();
    /** Checkers per schema structure, for teaching and for checking pairs again after a schema change. */
    private final Cache<String, SqlChecker> checkers = Caffeine.newBuilder().maximumSize(32).build();
    /** After a failure: until when (System.nanoTime) questions leave the store alone. */
    private volatile long retryAt;
    private volatile boolean failing;

    private record Cached(MemoryStore.Version version, String fingerprint, Knowledge knowledge) {
    }

    TaughtMemory(MemoryStore store) {
        this.store = store;
    }

    /** The JVM's memory for the store at {@code url}. */
    public static TaughtMemory forUrl(String url) {
        return STORES.computeIfAbsent(url, u -> new TaughtMemory(new MemoryStore(u)));
    }

    public MemoryStore store() {
        return store;
    }

    /**
     * What is taught for the database, for a question: never throws. A store that cannot be used is logged and the
     * question goes on without memory.
     */
    public Knowledge knowledge(String key, SchemaSnapshot snapshot) {
        if (failing && System.nanoTime() - retryAt < 0 || store.certainlyEmpty()) {
            return Knowledge.EMPTY;
        }
        try {
            return current(key, snapshot);
        } catch (SQLException | RuntimeException e) {
            retryAt = System.nanoTime() + RETRY_NANOS;
            failing = true;
            log.warn("Answering without taught memory: {}", e.getMessage());
            log.debug("The memory store failed", e);
            return Knowledge.EMPTY;
        }
    }

    /** What is taught for the database, pairs checked against {@code snapshot}'s schema; the store's errors thrown. */
    public Knowledge current(String key, SchemaSnapshot snapshot) throws SQLException {
        MemoryStore.Version version = store.version(key);
        Cached held = cached.get(key);
        if (held != null && held.version().equals(version) && held.fingerprint().equals(snapshot.fingerprint())) {
            return held.knowledge();
        }
        MemoryStore.Snapshot read = store.snapshot(key);
        List<TaughtPair> pairs = new ArrayList<>();
        List<TaughtPair> changed = new ArrayList<>();
        for (TaughtPair p : read.pairs()) {
            if (snapshot.fingerprint().equals(p.schemaFingerprint())) {
                pairs.add(p);
                continue;
            }
            boolean stale = problem(p.sql(), snapshot).isPresent();
            TaughtPair checked = new TaughtPair(p.id(), p.question(), p.sql(), p.taughtBy(), p.taughtAt(),
                    snapshot.fingerprint(), stale);
            if (stale != p.stale()) {
                log.info("Taught pair {} (\"{}\") is {} on the current schema", p.id(), p.question(),
                        stale ? "stale: its SQL no longer passes the check" : "usable again");
            }
            pairs.add(checked);
            changed.add(checked);
        }
        store.revalidated(key, changed);
        Knowledge knowledge = new Knowledge(pairs, read.notes(), snapshot.schema());
        cached.put(key, new Cached(changed.isEmpty() ? read.version() : store.version(key), snapshot.fingerprint(),
                knowledge));
        failing = false;
        return knowledge;
    }

    /**
     * Teaches a pair. The SQL must be one read-only query that the checker accepts on this database's schema,
     * exactly as generated SQL must; anything else is refused with 42000 naming what is wrong. A pair for the same
     * question (case and punctuation aside) is replaced.
     */
    public TaughtPair teach(String key, String question, String sql, String taughtBy, SchemaSnapshot snapshot)
            throws SQLException {
        String q = required(question, "question", MAX_QUESTION_CHARS);
        String s = required(sql, "SQL", MAX_SQL_CHARS);
        Optional<String> problem = problem(s, snapshot);
        if (problem.isPresent()) {
            throw new SQLSyntaxErrorException("The taught SQL is refused: " + problem.get() + ". Teach one read-only "
                    + "query (SELECT ...) that runs on this database, as generated SQL must be. Nothing was stored.",
                    "42000");
        }
        return store.addPair(key, q, s, taughtBy, snapshot.fingerprint());
    }

    /**
     * Teaches a note, tied to {@code terms} (tables or columns of this database, as {@code table},
     * {@code column} or {@code table.column}); a term the schema does not have is refused with 42000.
     */
    public GlossaryNote note(String key, String text, List<String> terms, String taughtBy, SchemaSnapshot snapshot)
            throws SQLException {
        String t = required(text, "note", MAX_NOTE_CHARS);
        List<String> unknown = terms.stream().filter(term -> !names(term, snapshot)).toList();
        if (!unknown.isEmpty()) {
            throw new SQLSyntaxErrorException("The note is tied to " + String.join(", ", unknown) + ", which "
                    + "this database has no table or column of. Name tables and columns as the schema has them "
                    + "(table, column or table.column), or leave out ON. Nothing was stored.", "42000");
        }
        return store.addNote(key, t, terms, taughtBy);
    }

    /** Why the checker refuses {@code sql} on this schema, or empty where it accepts it. */
    public Optional<String> problem(String sql, SchemaSnapshot snapshot) {
        SqlChecker checker = checkers.get(snapshot.fingerprint() + '\u0000' + snapshot.style(),
                k -> new SqlChecker(snapshot.schema(), snapshot.style()));
        try {
            checker.check(sql);
            return Optional.empty();
        } catch (SqlCheckException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static boolean names(String term, SchemaSnapshot snapshot) {
        String t = term.toLowerCase(Locale.ROOT);
        int dot = t.lastIndexOf('.');
        String table = dot < 0 ? null : t.substring(0, dot);
        String column = dot < 0 ? t : t.substring(dot + 1);
        for (DbTable tb : snapshot.schema().tables()) {
            String name = tb.name().toLowerCase(Locale.ROOT);
            if (table == null && name.equals(column)) {
                return true;
            }
            if (table != null && !name.equals(table)) {
                continue;
            }
            for (DbColumn c : tb.columns()) {
                if (c.name().toLowerCase(Locale.ROOT).equals(column)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String required(String text, String what, int max) throws SQLException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new SQLSyntaxErrorException("The " + what + " to teach is empty. Write it as the README shows: "
                    + "NL TEACH: <question> => <SQL>, or NL NOTE: <text>.", "42000");
        }
        if (t.length() > max) {
            throw new SQLSyntaxErrorException("The " + what + " to teach has " + t.length() + " characters; at most "
                    + max + " are accepted. Shorten it.", "54000");
        }
        return t;
    }
}
