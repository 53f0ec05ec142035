package dev.nl2sql.models;

import java.io.IOException;

/**
 * A file that was expected to be a GGUF model is not one, or is damaged. The message says what is
 * wrong with the file and what the user can do about it.
 */
public class InvalidModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidModelFileException(String message) {
        super(message);
    }

    public InvalidModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
