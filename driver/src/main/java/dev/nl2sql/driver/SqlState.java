package dev.nl2sql.driver;

/**
 * The SQLStates this driver raises itself. Errors of the wrapped driver pass through with their own states.
 *
 * <p>Connection pools evict a connection on class {@code 08} and on {@code 0A000} (HikariCP), so only failures that
 * really mean "no usable connection" use class {@code 08}; errors of a statement leave the connection usable.
 */
public enum SqlState {
    /** The URL or the wrapped driver does not allow a connection to be made. */
    UNABLE_TO_CONNECT("08001"),
    /** The connection was closed: it really is unusable. */
    CONNECTION_CLOSED("08003"),
    /** A driver property has a value of the wrong form. */
    INVALID_PROPERTY_VALUE("22023"),
    /** The account for questions (nl2sql.nlUser) cannot log in, or cannot be used on this database. */
    INVALID_AUTHORIZATION("28000"),
    /** Something failed that is not the caller's statement's fault, such as opening the connection for questions. */
    GENERAL("HY000"),
    /** A statement used in a way its kind does not allow (a question in executeUpdate, in a batch, ...). */
    SYNTAX_ERROR_OR_ACCESS_RULE("42000");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
