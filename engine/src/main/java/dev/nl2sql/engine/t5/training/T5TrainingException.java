package dev.nl2sql.engine.t5.training;

/** A training run that cannot start or go on, with a message that says what to do. */
public final class T5TrainingException extends Exception {

    public T5TrainingException(String message) {
        super(message);
    }

    public T5TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
