package dev.nl2sql.examples.dashboard;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What an API handler answers: an HTTP status, a body written as JSON, and, for login and logout, the session cookie
 * to set. A download instead has a {@link Download}, which writes its bytes as they are made.
 */
record Reply(int status, Object body, String setCookie, Download download) {

    /** A file streamed to the browser: its type, the name it is saved under, and what writes it. */
    record Download(String contentType, String fileName, BodyWriter writer) {
    }

    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    Reply(int status, Object body, String setCookie) {
        this(status, body, setCookie, null);
    }

    static Reply ok(Object body) {
        return new Reply(200, body, null);
    }

    static Reply created(Object body) {
        return new Reply(201, body, null);
    }

    /** Accepted: a query started; the page polls it. */
    static Reply accepted(Object body) {
        return new Reply(202, body, null);
    }

    static Reply download(String contentType, String fileName, BodyWriter writer) {
        return new Reply(200, null, null, new Download(contentType, fileName, writer));
    }

    Reply withCookie(String cookie) {
        return new Reply(status, body, cookie, download);
    }
}
