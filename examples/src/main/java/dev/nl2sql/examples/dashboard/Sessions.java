package dev.nl2sql.examples.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Logged-in browsers: a random token in a cookie names the user. Sessions live in memory (a restart logs everyone
 * out) and end after a time without requests. The cookie is HttpOnly (scripts cannot read it) and SameSite=Strict
 * (other sites cannot send it), so a page elsewhere on the network cannot act for a logged-in user.
 */
final class Sessions {

    static final String COOKIE = "nl2sql_dashboard";

    private record Session(String user, Instant lastSeen) {
    }

    /** Told when a session ends (logout, expiry, the user removed or their password reset), with its user. */
    @FunctionalInterface
    interface EndListener {
        void ended(String user, String token);
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;
    private final List<EndListener> endListeners = new CopyOnWriteArrayList<>();

    Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** What a session holds besides its token (the user's conversations) is let go through this. */
    void onEnd(EndListener listener) {
        endListeners.add(listener);
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
        Session[] expired = new Session[1];
        Session session = byToken.computeIfPresent(token, (t, s) -> {
            if (s.lastSeen().plus(idle).isBefore(now)) {
                expired[0] = s;
                return null;
            }
            return new Session(s.user(), now);
        });
        if (expired[0] != null) {
            ended(expired[0].user(), token);
        }
        return Optional.ofNullable(session).map(Session::user);
    }

    /** Ends every session of {@code user}: on removal, and when an admin resets their password. */
    void endAll(String user) {
        List<String> tokens = byToken.entrySet().stream().filter(e -> e.getValue().user().equals(user))
                .map(Map.Entry::getKey).toList();
        tokens.forEach(byToken::remove);
        tokens.forEach(token -> ended(user, token));
    }

    void end(String token) {
        if (token != null) {
            Session removed = byToken.remove(token);
            if (removed != null) {
                ended(removed.user(), token);
            }
        }
    }

    private void ended(String user, String token) {
        endListeners.forEach(l -> l.ended(user, token));
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
