package dev.nl2sql.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The wrapped driver's metadata, except that {@code getConnection()} and result sets lead back to the wrappers. */
final class Nl2SqlDatabaseMetaData extends ForwardingDatabaseMetaData {

    private final Nl2SqlConnection connection;

    Nl2SqlDatabaseMetaData(Nl2SqlConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
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
