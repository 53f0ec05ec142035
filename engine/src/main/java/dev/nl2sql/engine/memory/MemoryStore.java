package dev.nl2sql.engine.memory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where taught pairs and notes are kept: tables {@code nl2sql_memory_*} in any JDBC database, by default an embedded
 * H2 file under {@code ~/.nl2sql/memory} (opened with {@code AUTO_SERVER=TRUE}, so a second JVM reaches it through the
 * first one's server instead of finding it locked). Rows belong to a database identity (its URL without credentials,
 * catalog and schema), stored as a SHA-256 so that any length of key can be indexed on any database.
 *
 * <p>One connection per store and JVM, used by one thread at a time: writes are short transactions, and teaching is
 * rare next to asking. Every write also adds a row to a change log, so that readers learn with one cheap query
 * whether what they hold is still current (see {@link #version}), also when another JVM wrote.
 *
 * <p>Errors are SQLExceptions (HY000) that name the store and say what to do; the connection is opened again on the
 * next use after one fails.
 */
public final class MemoryStore {

    private static final Logger log = LoggerFactory.getLogger(MemoryStore.class);

    /** The store format this code writes; a store of a later format is refused rather than misread. */
    static final int FORMAT = 1;
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private final String url;
    private Connection connection;

    /** A version of one database's memory: it changes whenever anything taught for it changes. */
    public record Version(long changes, long lastChange) {
        public static final Version NONE = new Version(0, 0);
    }

    public MemoryStore(String url) {
        this.url = url;
    }

    /** The default store: an H2 file under the home folder's {@code .nl2sql/memory}. */
    public static String defaultUrl() {
        Path file = Path.of(System.getProperty("user.home"), ".nl2sql", "memory", "nl2sql-memory");
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    /** The store's URL with any password masked, for messages and logs. */
    public String description() {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }

    /**
     * Whether the store certainly holds nothing yet: an embedded H2 file that does not exist. Questions then leave it
     * alone rather than create an empty file for every database anybody asks about.
     */
    public boolean certainlyEmpty() {
        Path file = h2File();
        return file != null && !Files.exists(Path.of(file + ".mv.db"));
    }

    private Path h2File() {
        String lower = url.toLowerCase(Locale.ROOT);
        String prefix = lower.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:" : lower.startsWith("jdbc:h2:") ? "jdbc:h2:"
                : null;
        if (prefix == null) {
            return null;
        }
        String rest = url.substring(prefix.length());
        int end = rest.indexOf(';');
        String path = end < 0 ? rest : rest.substring(0, end);
        if (path.startsWith("mem:") || path.startsWith("tcp:") || path.startsWith("ssl:") || path.contains("://")) {
            return null;
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path);
    }

    public TaughtPair addPair(String databaseKey, String question, String sql, String taughtBy, String fingerprint)
            throws SQLException {
        long now = System.currentTimeMillis();
        return write(c -> {
            String db = hash(databaseKey);
            try (PreparedStatement replace = c.prepareStatement(
                    "DELETE FROM nl2sql_memory_pairs WHERE db_hash = ? AND question_norm = ?")) {
                replace.setString(1, db);
                replace.setString(2, MemoryText.normalise(question));
                replace.executeUpdate();
            }
            long id;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO nl2sql_memory_pairs (db_hash, db_key, "
                    + "question, question_norm, sql_text, taught_by, taught_at, fingerprint, stale) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", new String[] {"id"})) {
                insert.setString(1, db);
                insert.setString(2, readable(databaseKey));
                insert.setString(3, question);
                insert.setString(4, MemoryText.normalise(question));
                insert.setString(5, sql);
                insert.setString(6, taughtBy);
                insert.setLong(7, now);
                insert.setString(8, fingerprint);
                insert.executeUpdate();
                id = generatedId(insert);
            }
            changed(c, db);
            return new TaughtPair(id, question, sql, taughtBy, Instant.ofEpochMilli(now), fingerprint, false);
        });
    }

    public GlossaryNote addNote(String databaseKey, String text, List<String> terms, String taughtBy)
            throws SQLException {
        long now = System.currentTimeMillis();
        return write(c -> {
            String db = hash(databaseKey);
            long id;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO nl2sql_memory_notes (db_hash, db_key, "
                    + "note, terms, taught_by, taught_at) VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                insert.setString(1, db);
                insert.setString(2, readable(databaseKey));
                insert.setString(3, text);
                insert.setString(4, String.join(",", terms));
                insert.setString(5, taughtBy);
                insert.setLong(6, now);
                insert.executeUpdate();
                id = generatedId(insert);
            }
            changed(c, db);
            return new GlossaryNote(id, text, terms, taughtBy, Instant.ofEpochMilli(now));
        });
    }

    /** Removes a pair; what was removed, or empty where this database has no pair of that id. */
    public Optional<TaughtPair> forgetPair(String databaseKey, long id) throws SQLException {
        return write(c -> {
            Optional<TaughtPair> pair = pairs(c, databaseKey, id);
            if (pair.isPresent()) {
                delete(c, "nl2sql_memory_pairs", databaseKey, id);
            }
            return pair;
        });
    }

    /** Removes a note; what was removed, or empty where this database has no note of that id. */
    public Optional<GlossaryNote> forgetNote(String databaseKey, long id) throws SQLException {
        return write(c -> {
            Optional<GlossaryNote> note = notes(c, databaseKey, id).stream().findFirst();
            if (note.isPresent()) {
                delete(c, "nl2sql_memory_notes", databaseKey, id);
            }
            return note;
        });
    }

    /** Every pair taught for the database, stale ones included, in the order taught. */
    public List<TaughtPair> pairs(String databaseKey) throws SQLException {
        return read(c -> pairList(c, databaseKey, null));
    }

    /** Every note taught for the database, in the order taught. */
    public List<GlossaryNote> notes(String databaseKey) throws SQLException {
        return read(c -> notes(c, databaseKey, null));
    }

    /** Pairs and notes read together, in one transaction. */
    public Snapshot snapshot(String databaseKey) throws SQLException {
        return read(c -> new Snapshot(version(c, hash(databaseKey)), pairList(c, databaseKey, null),
                notes(c, databaseKey, null)));
    }

    /** What one read of a database's memory found. */
    public record Snapshot(Version version, List<TaughtPair> pairs, List<GlossaryNote> notes) {
    }

    /** Records pairs checked again against another schema: their new fingerprint and whether they still pass. */
    public void revalidated(String databaseKey, List<TaughtPair> checked) throws SQLException {
        if (checked.isEmpty()) {
            return;
        }
        write(c -> {
            String db = hash(databaseKey);
            try (PreparedStatement update = c.prepareStatement("UPDATE nl2sql_memory_pairs SET fingerprint = ?, "
                    + "stale = ? WHERE db_hash = ? AND id = ?")) {
                for (TaughtPair p : checked) {
                    update.setString(1, p.schemaFingerprint());
                    update.setInt(2, p.stale() ? 1 : 0);
                    update.setString(3, db);
                    update.setLong(4, p.id());
                    update.addBatch();
                }
                update.executeBatch();
            }
            changed(c, db);
            return null;
        });
    }

    /** The version of a database's memory: one small query, so readers can keep what they hold while it holds. */
    public Version version(String databaseKey) throws SQLException {
        return read(c -> version(c, hash(databaseKey)));
    }

    /** Closes the store's connection; the next use opens it again. */
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the memory store failed", e);
            }
            connection = null;
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) throws SQLException {
        return write(work);
    }

    /** Runs {@code work} in one transaction on the store's connection, opened (and the tables made) on first use. */
    private synchronized <T> T write(Work<T> work) throws SQLException {
        Connection c = connection();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (!c.isValid(2)) {
                close();
            }
            throw failure("cannot be used", e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        Connection c;
        try {
            c = driver().connect(url, new Properties());
            if (c == null) {
                throw new SQLException("the driver does not accept the URL");
            }
        } catch (SQLException e) {
            throw failure("cannot be opened", e);
        }
        try {
            c.setAutoCommit(false);
            StoreSchema.ensure(c);
            c.commit();
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw failure("cannot be set up", e);
        }
        connection = c;
        return c;
    }

    /** The store's driver: DriverManager, then this library's own class loader (isolated hosts such as DBeaver). */
    private Driver driver() throws SQLException {
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException notRegistered) {
            for (ClassLoader loader : Arrays.asList(MemoryStore.class.getClassLoader(),
                    Thread.currentThread().getContextClassLoader())) {
                if (loader == null) {
                    continue;
                }
                for (Driver d : ServiceLoader.load(Driver.class, loader)) {
                    if (d.acceptsURL(url) && !d.getClass().getName().startsWith("dev.nl2sql.")) {
                        return d;
                    }
                }
            }
            throw new SQLNonTransientException("The nl2sql memory store " + description() + " needs a JDBC driver "
                    + "that is not on the classpath" + (url.startsWith("jdbc:h2:") ? " (the default store is an H2 "
                    + "file: put h2-2.3.232.jar beside nl2sql)" : "") + ", or set nl2sql.memoryUrl to a database "
                    + "whose driver is there, or nl2sql.memory=off.", "HY000", notRegistered);
        }
    }

    private SQLException failure(String what, SQLException cause) {
        if ("HY000".equals(cause.getSQLState()) && cause.getMessage().startsWith("The nl2sql memory store")) {
            return cause;
        }
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst()
                .orElse("").strip();
        return new SQLNonTransientException("The nl2sql memory store " + description() + " " + what + ": " + reason
                + ". If another program holds it, close that program; if its file is damaged, move the file away "
                + "(a new store is started) or restore a copy; or point nl2sql.memoryUrl at another store. Questions "
                + "are still answered, without what was taught.", "HY000", cause);
    }

    private static Version version(Connection c, String db) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT COUNT(*), MAX(id) FROM nl2sql_memory_changes WHERE db_hash = ?")) {
            q.setString(1, db);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new Version(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** One row per write: COUNT(*) grows with every commit, even one whose id is lower than another's. */
    private static void changed(Connection c, String db) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO nl2sql_memory_changes (db_hash, changed_at) VALUES (?, ?)")) {
            insert.setString(1, db);
            insert.setLong(2, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    private static void delete(Connection c, String table, String databaseKey, long id) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE db_hash = ? AND id = ?")) {
            delete.setString(1, hash(databaseKey));
            delete.setLong(2, id);
            delete.executeUpdate();
        }
        changed(c, hash(databaseKey));
    }

    private static Optional<TaughtPair> pairs(Connection c, String databaseKey, long id) throws SQLException {
        return pairList(c, databaseKey, id).stream().findFirst();
    }

    private static List<TaughtPair> pairList(Connection c, String databaseKey, Long id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, question, sql_text, taught_by, taught_at, "
                + "fingerprint, stale FROM nl2sql_memory_pairs WHERE db_hash = ?" + (id == null ? "" : " AND id = ?")
                + " ORDER BY id")) {
            q.setString(1, hash(databaseKey));
            if (id != null) {
                q.setLong(2, id);
            }
            List<TaughtPair> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new TaughtPair(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getInt(7) != 0));
                }
            }
            return out;
        }
    }

    private static List<GlossaryNote> notes(Connection c, String databaseKey, Long id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, note, terms, taught_by, taught_at "
                + "FROM nl2sql_memory_notes WHERE db_hash = ?" + (id == null ? "" : " AND id = ?") + " ORDER BY id")) {
            q.setString(1, hash(databaseKey));
            if (id != null) {
                q.setLong(2, id);
            }
            List<GlossaryNote> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String terms = rs.getString(3);
                    out.add(new GlossaryNote(rs.getLong(1), rs.getString(2), terms == null || terms.isBlank()
                            ? List.of() : Arrays.stream(terms.split(",")).map(String::strip)
                                    .filter(t -> !t.isEmpty()).collect(Collectors.toList()),
                            rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return out;
        }
    }

    private static long generatedId(Statement insert) throws SQLException {
        try (ResultSet keys = insert.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the store's database returned no id for the new row");
            }
            return keys.getLong(1);
        }
    }

    /** The key as people read it (PostgreSQL stores no NUL characters): URL, catalog and schema. */
    private static String readable(String databaseKey) {
        return databaseKey.replace('\u0000', ' ').strip();
    }

    static String hash(String databaseKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(databaseKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
