package dev.nl2sql.engine.sql;

/** The model's SQL cannot run: the message says why, in words a user understands. */
public class SqlCheckException extends Exception {

    private static final long serialVersionUID = 1L;

    public SqlCheckException(String message) {
        super(message);
    }

    public SqlCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
