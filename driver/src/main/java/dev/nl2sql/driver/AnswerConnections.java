package dev.nl2sql.driver;

import dev.nl2sql.engine.sql.AnswerSession;
import dev.nl2sql.engine.sql.TargetDialect;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where SQL written for questions runs: a connection of its own, never the caller's, so that the caller's rights and
 * session settings never reach it. It logs in as {@code nl2sql.nlUser} when one is given (a SELECT-only account: the
 * one guard no SQL can undo) and otherwise as the caller, and it is put in the database's read-only mode where one
 * exists: SQLite's read-only open flag and {@code query_only}, PostgreSQL's and MariaDB's read-only session
 * transactions (which only a SET could undo, and generated SQL can never be a SET). H2 has no such mode: there the
 * account is the guard.
 *
 * <p>A private in-memory database (H2 {@code jdbc:h2:mem:} without a name, SQLite {@code :memory:}, DuckDB
 * {@code jdbc:duckdb:} and {@code jdbc:duckdb::memory:}) cannot be reached
 * from a second connection; questions then run on the caller's connection, guarded by the checker alone (logged).
 * Questions on a connection of their own see committed data only, not the caller's open transaction.
 */
public final class AnswerConnections {

    private static final Logger log = LoggerFactory.getLogger(AnswerConnections.class);

    /** H2 URL settings that need admin rights (INIT would also re-run the caller's script as the reader). */
    private static final Pattern H2_ADMIN_SETTINGS = Pattern.compile("(?i);(?:DB_CLOSE_DELAY|INIT)=[^;]*");
    private static final Pattern LATER_CREDENTIAL = Pattern.compile("(?i)[;&](?:user|password)=[^&;]*");
    private static final Pattern FIRST_CREDENTIAL = Pattern.compile("(?i)\\?(?:user|password)=[^&;]*&?");

    private final Driver driver;
    private final String url;
    private final DriverConfig config;

    public AnswerConnections(Driver driver, String url, DriverConfig config) {
        this.driver = driver;
        this.url = url;
        this.config = config;
    }

    /** The URL without {@code user=} and {@code password=} settings, which drivers prefer to the properties. */
    static String withoutCredentials(String url) {
        String out = url;
        String before;
        do {
            before = out;
            out = LATER_CREDENTIAL.matcher(out).replaceAll("");
            out = FIRST_CREDENTIAL.matcher(out).replaceAll("?");
        } while (!out.equals(before));
        return out.endsWith("?") ? out.substring(0, out.length() - 1) : out;
    }

    /** Whether generated SQL on this URL runs on the caller's connection (a private in-memory database). */
    static boolean isPrivateInMemory(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:mem:")) {
            String rest = u.substring("jdbc:h2:mem:".length());
            return rest.isEmpty() || rest.startsWith(";");
        }
        if (u.startsWith("jdbc:sqlite:")) {
            String rest = u.substring("jdbc:sqlite:".length());
            boolean memory = rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith("file::memory:")
                    || rest.contains("mode=memory");
            return memory && !rest.contains("cache=shared");
        }
        if (u.startsWith("jdbc:duckdb:")) {
            // jdbc:duckdb: and jdbc:duckdb::memory: open a database of their own; :memory:name is shared in the JVM
            String rest = u.substring("jdbc:duckdb:".length());
            int end = indexOfAny(rest, ";?");
            String path = end < 0 ? rest : rest.substring(0, end);
            return path.isEmpty() || path.equals(":memory:");
        }
        return false;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The connection for generated SQL, or null when it must be the caller's own (a private in-memory database
     * without an nl2sql.nlUser).
     */
    Connection open() throws SQLException {
        String user = config.get(DriverProperty.NL_USER).orElse(null);
        if (isPrivateInMemory(url)) {
            if (user != null) {
                throw new SQLInvalidAuthorizationSpecException("nl2sql.nlUser is set, but " + url + " is a private "
                        + "in-memory database that no second connection can reach. Give the database a name "
                        + "(jdbc:h2:mem:name) or use a file, or remove nl2sql.nlUser.",
                        SqlState.INVALID_AUTHORIZATION.code());
            }
            log.info("{} is a private in-memory database: questions run on the caller's connection, guarded by the "
                    + "SQL checker", url);
            return null;
        }
        Properties properties = config.delegateProperties();
        String target = url;
        if (user != null) {
            properties.setProperty("user", user);
            properties.setProperty("password", config.get(DriverProperty.NL_PASSWORD).orElse(""));
            target = withoutCredentials(url);
            if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
                // settings only an administrator may give; the database is open already, so they are not needed
                target = H2_ADMIN_SETTINGS.matcher(target).replaceAll("");
            }
        }
        TargetDialect dialect = TargetDialect.forUrl(url);
        AnswerSession session = dialect == null ? null : dialect.answerSession();
        if (session != null) {
            session.properties().forEach(properties::setProperty);
            for (Map.Entry<String, String> setting : new TreeMap<>(session.urlSettings()).entrySet()) {
                target = UrlParameters.with(target, setting.getKey(), setting.getValue());
            }
        }
        Connection connection;
        try {
            connection = driver.connect(target, properties);
        } catch (SQLException e) {
            if (user != null) {
                throw new SQLInvalidAuthorizationSpecException("nl2sql.nlUser '" + user + "' could not log in: "
                        + e.getMessage() + ". Check nl2sql.nlUser and nl2sql.nlPassword (README, Security).",
                        SqlState.INVALID_AUTHORIZATION.code(), e);
            }
            // not 08xxx: the caller's own connection is fine, and a pool must not evict it
            throw new SQLException("The connection for questions could not be opened: " + e.getMessage(),
                    SqlState.GENERAL.code(), e);
        }
        if (connection == null) {
            throw new SQLException("The wrapped driver declined a second connection to " + url,
                    SqlState.GENERAL.code());
        }
        try {
            setUp(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The session's read-only mode, and the settings that decide how literals are read pinned, as the database's
     * {@link TargetDialect#answerSession()} says; each pin is read back, since a proxy in between may drop a SET.
     */
    private static void setUp(Connection connection) throws SQLException {
        AnswerSession session = TargetDialect.forProduct(connection.getMetaData().getDatabaseProductName())
                .answerSession();
        try (Statement s = connection.createStatement()) {
            for (AnswerSession.Pin pin : session.statements()) {
                s.execute(pin.statement());
                if (pin.check() != null) {
                    expect(s, pin.check(), pin.expected());
                }
            }
        }
    }

    private static void expect(Statement s, String query, String wanted) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            String got = rs.next() ? rs.getString(1) : null;
            if (!wanted.equals(got)) {
                throw new SQLException("The connection for questions did not keep a setting it needs (" + query
                        + " gave " + got + "). Connect to the database directly, not through a proxy that drops "
                        + "session settings.", SqlState.GENERAL.code());
            }
        }
    }
}
