package dev.nl2sql.driver;

import dev.nl2sql.engine.Translation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;

/**
 * A prepared statement of an nl2sql connection: plain SQL prepared by the wrapped driver, or a question whose SQL was
 * written at prepare time and now runs bounded and read-only each time the statement executes.
 */
public class Nl2SqlPreparedStatement extends ForwardingPreparedStatement {

    private final boolean ddl;
    /** For a question: what it was translated into, and the session whose limits apply; null for plain SQL. */
    private final Translation translation;
    private final NlSession session;
    /**
     * Whether the question still has to join its connection's conversation: at its first execution that succeeds,
     * as a statement's question joins once answered (never for EXPLAIN NL:).
     */
    private boolean toRemember;

    Nl2SqlPreparedStatement(Nl2SqlConnection connection, PreparedStatement delegate, String sql) {
        this(connection, delegate, SchemaChange.isDdl(sql), null, null);
    }

    /** For callable statements: always plain SQL. */
    Nl2SqlPreparedStatement(Nl2SqlConnection connection, PreparedStatement delegate) {
        this(connection, delegate, false, null, null);
    }

    private Nl2SqlPreparedStatement(Nl2SqlConnection connection, PreparedStatement delegate, boolean ddl,
            Translation translation, NlSession session) {
        super(connection, delegate);
        this.ddl = ddl;
        this.translation = translation;
        this.session = session;
    }

    static Nl2SqlPreparedStatement answering(Nl2SqlConnection connection, PreparedStatement delegate,
            Translation translation, NlSession session, boolean explain) {
        Nl2SqlPreparedStatement statement = new Nl2SqlPreparedStatement(connection, delegate, false, translation,
                session);
        statement.toRemember = !explain;
        return statement;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (translation != null) {
            return wrap(runAnswer(preparedDelegate::executeQuery));
        }
        return wrap(preparedDelegate.executeQuery());
    }

    @Override
    public boolean execute() throws SQLException {
        if (translation != null) {
            return runAnswer(preparedDelegate::execute);
        }
        boolean rows = preparedDelegate.execute();
        if (ddl) {
            connection.schemaChanged();
        }
        return rows;
    }

    @Override
    public int executeUpdate() throws SQLException {
        rejectQuestion("executeUpdate");
        int count = preparedDelegate.executeUpdate();
        if (ddl) {
            connection.schemaChanged();
        }
        return count;
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        rejectQuestion("executeLargeUpdate");
        long count = preparedDelegate.executeLargeUpdate();
        if (ddl) {
            connection.schemaChanged();
        }
        return count;
    }

    @Override
    public void addBatch() throws SQLException {
        rejectQuestion("addBatch");
        preparedDelegate.addBatch();
    }

    /** For a question, the SQL it was answered with comes first. */
    @Override
    public SQLWarning getWarnings() throws SQLException {
        SQLWarning own = super.getWarnings();
        return translation == null ? own : GeneratedSql.warnings(translation, own);
    }

    /**
     * Runs the prepared answer bounded in rows and time, read-only where that can be switched, under the watchdog
     * ({@link QuestionRunner#runPrepared}); cancel(), close() and abort() from another thread stop it with HY008.
     */
    private <T> T runAnswer(GeneratedSql.SqlWork<T> work) throws SQLException {
        QuestionRunner runner = new QuestionRunner(session,
                new QuestionRunner.Limits(getQueryTimeout(), preparedDelegate.getMaxRows(), 0));
        resultRowCap = runner.rowLimit();
        T result = runPrepared(runner, preparedDelegate, work);
        if (toRemember) {
            toRemember = false;
            runner.remember(translation);
        }
        return result;
    }

    private void rejectQuestion(String method) throws SQLException {
        if (translation != null) {
            throw Errors.misuse("This statement is a question (NL: ...); it returns rows, so " + method
                    + " cannot run it. Use executeQuery() or execute().");
        }
    }
}
