package dev.nl2sql.driver.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A prepared statement of an nl2sql connection: plain SQL prepared by the wrapped driver. */
public class Nl2SqlPreparedStatement extends ForwardingPreparedStatement {

    Nl2SqlPreparedStatement(Nl2SqlConnection connection, PreparedStatement delegate) {
        super(connection, delegate);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return wrap(preparedDelegate.executeQuery());
    }
}
