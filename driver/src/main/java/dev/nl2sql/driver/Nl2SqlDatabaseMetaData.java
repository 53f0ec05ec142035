package dev.nl2sql.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The wrapped driver's metadata, except that {@code getConnection()} and result sets lead back to the wrappers and
 * {@code getURL()} is the jdbc:nl2sql: URL.
 */
final class Nl2SqlDatabaseMetaData extends ForwardingDatabaseMetaData {

    private final Nl2SqlConnection connection;

    Nl2SqlDatabaseMetaData(Nl2SqlConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    /**
     * The jdbc:nl2sql: URL the caller connected with, credentials as given, as drivers answer with their own URL: a
     * client that reconnects with it (or shows it) must stay on nl2sql. nl2sql itself reads the wrapped database's
     * URL from the wrapped connection's metadata (schema cache keys, HeapGuard), never from here.
     */
    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    ResultSet wrap(ResultSet resultSet) {
        return resultSet == null ? null : new Nl2SqlResultSet(connection, null, resultSet);
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return Wrappers.unwrap(this, delegate, type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return Wrappers.isWrapperFor(this, delegate, type);
    }

    @Override
    public String toString() {
        return "nl2sql:" + delegate;
    }
}
