package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a query job gets its connection to the database, by user. This is the one place a user's questions pass
 * through on their way to the driver, so a connection that a user (or one thread of their questions) keeps across
 * questions, with the driver's conversation on it, plugs in here without changing the jobs or the API.
 */
interface QueryConnections {

    /** A connection for one job of {@code user}'s; closing the lease gives it back. */
    Lease borrow(String user, QueryJob.Kind kind) throws SQLException;

    /** A borrowed connection. */
    interface Lease extends AutoCloseable {
        Connection connection();

        @Override
        void close() throws SQLException;
    }

    /** A new connection for every job, closed after it: no state passes from one question to the next. */
    static QueryConnections perQuery(TargetDatabase database) {
        return (user, kind) -> {
            Connection connection = database.open();
            return new Lease() {
                @Override
                public Connection connection() {
                    return connection;
                }

                @Override
                public void close() throws SQLException {
                    connection.close();
                }
            };
        };
    }
}
