package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Rows found inside other rows lead back to the wrappers, and what metadata opened closes with the connection. */
class WrappedResultsTest {

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:nl2sql:h2:mem:wrapped_results");
    }

    @Test
    void anArraysRowsLeadBackToTheStatement() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT ARRAY[1, 2, 3]")) {
            assertTrue(rs.next());
            ResultSet elements = rs.getArray(1).getResultSet();
            assertInstanceOf(Nl2SqlResultSet.class, elements);
            assertSame(statement, elements.getStatement());
            assertTrue(elements.next());
        }
    }

    @Test
    void resultSetValuesAreWrapped() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            Object plain = rs.getObject(1);
            assertInstanceOf(Integer.class, plain);
        }
    }

    /** SQLite's metadata results come from statements of its own (H2's have none). */
    @Test
    void metaDataStatementsCloseWithTheConnection() throws SQLException {
        Statement behindTables;
        try (Connection connection = DriverManager.getConnection("jdbc:nl2sql:sqlite::memory:")) {
            ResultSet tables = connection.getMetaData().getTables(null, null, "%", null);
            behindTables = tables.getStatement();
            assertInstanceOf(Nl2SqlStatement.class, behindTables);
            assertSame(connection, behindTables.getConnection());
        }
        assertTrue(behindTables.isClosed());
    }
}
