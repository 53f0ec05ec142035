package dev.nl2sql.driver;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;

/** The one place where the driver's own exceptions are made: each says what went wrong and what to do. */
public final class Errors {

    private Errors() {
    }

    public static SQLException unableToConnect(String message) {
        return new SQLNonTransientConnectionException(message, SqlState.UNABLE_TO_CONNECT.code());
    }

    public static SQLException unableToConnect(String message, Throwable cause) {
        return new SQLNonTransientConnectionException(message, SqlState.UNABLE_TO_CONNECT.code(), cause);
    }

    public static SQLException closed(String message) {
        return new SQLNonTransientConnectionException(message, SqlState.CONNECTION_CLOSED.code());
    }

    public static SQLException invalidProperty(DriverProperty property, String value, String expected) {
        return new SQLException("Driver property " + property.key() + " has the value '" + value + "', but it must be "
                + expected + ". Set it in the connection properties, as -D" + property.key() + "=..., or in "
                + property.environmentVariable() + ".", SqlState.INVALID_PROPERTY_VALUE.code());
    }

    public static SQLException misuse(String message) {
        return new SQLSyntaxErrorException(message, SqlState.SYNTAX_ERROR_OR_ACCESS_RULE.code());
    }
}
