package dev.nl2sql.examples.dashboard;

/** A request the API refuses: the HTTP status and a sentence the page shows as it is. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
