package dev.nl2sql.driver;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A result set whose {@code getStatement()} leads back to the wrapper statement, never to the wrapped driver's. */
public final class Nl2SqlResultSet extends ForwardingResultSet {

    private final Nl2SqlConnection connection;
    private Statement statement;
    /** For answers to questions: the most rows next() gives, whatever the wrapped driver does with setMaxRows. */
    private int rowCap;
    private int rowsRead;

    /** {@code statement} is null for result sets of DatabaseMetaData; theirs is wrapped when first asked for. */
    Nl2SqlResultSet(Nl2SqlConnection connection, Statement statement, ResultSet delegate) {
        super(delegate);
        this.connection = connection;
        this.statement = statement;
    }

    /**
     * Caps the rows this result gives. The inner statement's setMaxRows asks the database for the same limit, but some
     * drivers ignore it (DuckDB's does), so the driver counts too.
     */
    Nl2SqlResultSet capped(int rows) {
        this.rowCap = rows;
        return this;
    }

    @Override
    public boolean next() throws SQLException {
        if (rowCap > 0 && rowsRead >= rowCap) {
            return false;
        }
        boolean more;
        try {
            more = delegate.next();
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw GeneratedSql.outOfMemory(e); // a lazily computed row of an embedded database
        }
        if (more) {
            rowsRead++;
        }
        return more;
    }

    @Override
    public Statement getStatement() throws SQLException {
        if (statement == null) {
            Statement own = delegate.getStatement();
            if (own != null) {
                statement = connection.wrapMetaDataStatement(own);
            }
        }
        return statement;
    }

    /** Rows found inside this result (an array's, a ref cursor's): wrapped, their statement is this one's. */
    ResultSet nested(ResultSet rows) throws SQLException {
        return rows == null ? null : new Nl2SqlResultSet(connection, getStatement(), rows);
    }

    /** A ref cursor (PostgreSQL's refcursor, Oracle's cursor) comes back as rows that lead back to the wrappers. */
    private Object nestedIfRows(Object value) throws SQLException {
        return value instanceof ResultSet rows ? nested(rows) : value;
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return nestedIfRows(delegate.getObject(columnIndex));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return nestedIfRows(delegate.getObject(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return nestedIfRows(delegate.getObject(columnIndex, map));
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return nestedIfRows(delegate.getObject(columnLabel, map));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        T value = delegate.getObject(columnIndex, type);
        return value instanceof ResultSet ? type.cast(nestedIfRows(value)) : value;
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        T value = delegate.getObject(columnLabel, type);
        return value instanceof ResultSet ? type.cast(nestedIfRows(value)) : value;
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        Array array = delegate.getArray(columnIndex);
        return array == null ? null : new Nl2SqlArray(array, this);
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        Array array = delegate.getArray(columnLabel);
        return array == null ? null : new Nl2SqlArray(array, this);
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
