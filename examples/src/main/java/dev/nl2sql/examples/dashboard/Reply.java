package dev.nl2sql.examples.dashboard;

/**
 * What an API handler answers: an HTTP status, a body written as JSON, and, for login and logout, the session cookie
 * to set.
 */
record Reply(int status, Object body, String setCookie) {

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

    Reply withCookie(String cookie) {
        return new Reply(status, body, cookie);
    }
}
