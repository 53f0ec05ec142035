package dev.nl2sql.engine;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;

/**
 * The errors of the question path, each with the SQLState a JDBC client expects and a message that says what to do.
 * None uses class 08 or 0A000: a connection pool would throw the healthy connection away.
 */
public final class EngineException {

    /** 42000: the question cannot be used as written. */
    public static final String SYNTAX_OR_ACCESS = "42000";
    /** 54000: a limit of the program was exceeded (question length, model context). */
    public static final String LIMIT_EXCEEDED = "54000";
    /** 22023: a setting has a value the engine cannot use (the driver checks them first; this is the last guard). */
    public static final String INVALID_SETTING = "22023";
    /** 42S02: the database shows the question's account no table at all. */
    public static final String NO_TABLE = "42S02";
    /** HYT00: the statement's time ran out. */
    public static final String TIMEOUT = "HYT00";
    /** HY008: the statement was cancelled. */
    public static final String CANCELLED = "HY008";
    /** HY000: anything else of the engine, such as a model file that cannot be used. */
    public static final String GENERAL = "HY000";

    private EngineException() {
    }

    public static SQLException badQuestion(String message) {
        return new SQLSyntaxErrorException(message, SYNTAX_OR_ACCESS);
    }

    public static SQLException invalidSetting(String message) {
        return new SQLNonTransientException(message, INVALID_SETTING);
    }

    public static SQLException noTable(String message) {
        return new SQLSyntaxErrorException(message, NO_TABLE);
    }

    public static SQLException limitExceeded(String message) {
        return new SQLNonTransientException(message, LIMIT_EXCEEDED);
    }

    /**
     * A plain SQLException subclass rather than SQLTimeoutException: HikariCP evicts connections on the latter, and a
     * slow generation says nothing about the health of the connection.
     */
    public static SQLException timeout(String message) {
        return new SQLTransientException(message, TIMEOUT);
    }

    public static SQLException cancelled(String message) {
        return new SQLTransientException(message, CANCELLED);
    }

    public static SQLException cancelled(String message, Throwable cause) {
        return new SQLTransientException(message, CANCELLED, cause);
    }

    public static SQLException general(String message) {
        return new SQLNonTransientException(message, GENERAL);
    }

    public static SQLException general(String message, Throwable cause) {
        return new SQLNonTransientException(message, GENERAL, cause);
    }
}
