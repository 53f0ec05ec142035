package dev.nl2sql.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A result set whose {@code getStatement()} leads back to the wrapper statement, never to the wrapped driver's. */
public final class Nl2SqlResultSet extends ForwardingResultSet {

    private final Nl2SqlConnection connection;
    private Statement statement;
    /** For answers to questions: the most rows next() gives, whatever the wrapped driver does with setMaxRows. */
    private int rowCap;
    private int rowsRead;

    /** {@code statement} is null for result sets of DatabaseMetaData; theirs is wrapped when first asked for. */
    Nl2SqlResultSet(Nl2SqlConnection connection, Nl2SqlStatement statement, ResultSet delegate) {
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
                statement = new Nl2SqlStatement(connection, own);
            }
        }
        return statement;
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
