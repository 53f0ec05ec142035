package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database people ask questions of, reached through a {@code jdbc:nl2sql:} URL like any application would.
 *
 * <p>The dashboard only reads it. Every connection is a read-only session where the database has one (PostgreSQL
 * through {@link Connection#setReadOnly}; MariaDB and MySQL, whose driver takes that flag as a hint, through their
 * own session setting), has auto-commit off, and each query's transaction is rolled back. H2 and SQLite have no such
 * session mode (sqlite-jdbc refuses the flag after opening; H2 ignores it and commits DDL by itself), so the account
 * in the URL or properties should be a read-only one (README, Security): that is the guard that holds everywhere.
 */
final class TargetDatabase {

    private static final Logger log = LoggerFactory.getLogger(TargetDatabase.class);

    private final String url;
    private final Properties properties;

    TargetDatabase(String url, Properties properties) {
        if (!url.startsWith("jdbc:nl2sql:")) {
            throw new IllegalArgumentException("The dashboard asks through nl2sql: its URL starts with jdbc:nl2sql:, "
                    + "for example jdbc:nl2sql:postgresql://host:5432/shop");
        }
        this.url = url;
        this.properties = properties;
    }

    /** The URL for logs and the console: passwords in it (user:password@, password=...) are masked. */
    String displayUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
    }

    /** A connection for one query, read-only where the driver allows and with auto-commit off. */
    Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url, properties);
        try {
            try {
                c.setReadOnly(true);
            } catch (SQLException e) {
                // sqlite-jdbc cannot switch after opening; the rollback below and the account still hold.
                log.debug("This driver refuses setReadOnly on an open connection: {}", e.getMessage());
            }
            String product = c.getMetaData().getDatabaseProductName();
            if ("MariaDB".equalsIgnoreCase(product) || "MySQL".equalsIgnoreCase(product)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION TRANSACTION READ ONLY");
                }
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
