package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database people ask questions of, reached through a {@code jdbc:nl2sql:} URL like any application would.
 *
 * <p>The dashboard only reads it. Every connection is opened read-only where the driver enforces that (PostgreSQL,
 * MariaDB; H2 takes the flag as a hint only) and without auto-commit, and each query's transaction is rolled back.
 * The account in the URL or properties should still be a read-only one (README, Security): that is the guard that
 * holds on every database, including H2, where DDL commits by itself.
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

    String url() {
        return url;
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
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
