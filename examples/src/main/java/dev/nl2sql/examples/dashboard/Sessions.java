package dev.nl2sql.examples.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in browsers: a random token in a cookie names the user. Sessions live in memory (a restart logs everyone
 * out) and end after a time without requests. The cookie is HttpOnly (scripts cannot read it) and SameSite=Strict
 * (other sites cannot send it), so a page elsewhere on the network cannot act for a logged-in user.
 */
final class Sessions {

    static final String COOKIE = "nl2sql_dashboard";

    private record Session(String user, Instant lastSeen) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** Starts a session for {@code user}; returns its token. */
    String create(String user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byToken.put(token, new Session(user, clock.instant()));
        return token;
    }

    /** The user of a live session, which this request keeps alive. */
    Optional<String> user(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session session = byToken.computeIfPresent(token,
                (t, s) -> s.lastSeen().plus(idle).isBefore(now) ? null : new Session(s.user(), now));
        return Optional.ofNullable(session).map(Session::user);
    }

    /** Ends every session of {@code user}: on removal, and when an admin resets their password. */
    void endAll(String user) {
        byToken.values().removeIf(s -> s.user().equals(user));
    }

    void end(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }

    /** The Set-Cookie value that starts a session in the browser. */
    static String cookie(String token) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** The Set-Cookie value that removes the session cookie. */
    static String expiredCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /** The session token in a Cookie request header, if any. */
    static String tokenFrom(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String part : cookieHeader.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals(COOKIE)) {
                return pair[1];
            }
        }
        return null;
    }
}
