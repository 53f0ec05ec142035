package dev.nl2sql.benchmarks.harness;

/** A command line that cannot be run as written: the message says what is wrong; the exit status is 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
