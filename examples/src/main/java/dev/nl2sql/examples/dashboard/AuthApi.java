package dev.nl2sql.examples.dashboard;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in and out: {@code POST /api/login}, {@code POST /api/logout}, and {@code GET /api/me}, which names the
 * logged-in user and their role, or null (the page then shows the login form).
 */
final class AuthApi {

    private static final Logger log = LoggerFactory.getLogger(AuthApi.class);

    private final UserAccounts users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    AuthApi(UserAccounts users, Sessions sessions, LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    void register(Router router) {
        router.add("POST", "/api/login", Router.Access.PUBLIC, this::login)
                .add("POST", "/api/logout", Router.Access.PUBLIC, this::logout)
                .add("GET", "/api/me", Router.Access.PUBLIC, r -> {
                    Map<String, Object> me = new HashMap<>();
                    me.put("user", r.user());
                    me.put("role", r.role());
                    return Reply.ok(me);
                });
    }

    private Reply login(ApiRequest request) throws SQLException {
        String name = request.text("user");
        char[] password = request.text("password").toCharArray();
        String address = request.remoteAddress();
        long locked = throttle.secondsLocked(name, address);
        if (locked > 0) {
            throw new ApiException(429, "Too many failed logins; try again in " + locked + " s");
        }
        if (!users.verify(name, password)) {
            throttle.failed(name, address);
            log.info("Failed login for \"{}\" from {}", name, address);
            throw new ApiException(401, "Wrong user name or password");
        }
        throttle.succeeded(name, address);
        sessions.end(request.sessionToken());
        String role = users.role(name).orElse(UserAccounts.USER);
        return Reply.ok(Map.of("user", name, "role", role)).withCookie(Sessions.cookie(sessions.create(name)));
    }

    private Reply logout(ApiRequest request) {
        sessions.end(request.sessionToken());
        return Reply.ok(Map.of()).withCookie(Sessions.expiredCookie());
    }
}
