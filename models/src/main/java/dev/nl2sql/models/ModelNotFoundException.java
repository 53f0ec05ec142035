package dev.nl2sql.models;

import java.io.IOException;

/**
 * The {@code nl2sql.model} setting names no usable model file. The message says how to name one,
 * or the exact command that downloads the named catalogue model.
 */
public class ModelNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelNotFoundException(String message) {
        super(message);
    }
}
