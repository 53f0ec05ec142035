package dev.nl2sql.examples.dashboard;

import java.sql.SQLException;
import java.util.Map;

/**
 * Admins manage who may log in, from the page: {@code GET /api/users}, {@code POST /api/users} ({@code name},
 * {@code password}, {@code role}), {@code POST /api/users/NAME/password} ({@code password}; ends that user's
 * sessions), {@code POST /api/users/NAME/role} ({@code role}) and {@code DELETE /api/users/NAME} (ends their
 * sessions). The last admin can be neither removed nor made a user.
 */
final class UsersApi {

    private static final String NAME = "/api/users/([A-Za-z0-9._@-]{1,64})";

    private final UserAccounts users;
    private final Sessions sessions;

    UsersApi(UserAccounts users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    void register(Router router) {
        router.add("GET", "/api/users", Router.Access.ADMIN, r -> Reply.ok(users.list()))
                .add("POST", "/api/users", Router.Access.ADMIN, r -> {
                    String role = r.optionalText("role");
                    checked(() -> users.add(r.text("name"), r.text("password").toCharArray(),
                            role == null ? UserAccounts.USER : role));
                    return Reply.created(Map.of("name", r.text("name")));
                })
                .add("POST", NAME + "/password", Router.Access.ADMIN, r -> {
                    String name = r.pathPart(1);
                    checked(() -> users.setPassword(name, r.text("password").toCharArray()));
                    if (!name.equals(r.user())) {
                        sessions.endAll(name);
                    }
                    return Reply.ok(Map.of());
                })
                .add("POST", NAME + "/role", Router.Access.ADMIN, r -> {
                    checked(() -> users.setRole(r.pathPart(1), r.text("role")));
                    return Reply.ok(Map.of());
                })
                .add("DELETE", NAME, Router.Access.ADMIN, r -> {
                    checked(() -> users.remove(r.pathPart(1)));
                    sessions.endAll(r.pathPart(1));
                    return Reply.ok(Map.of());
                });
    }

    @FunctionalInterface
    private interface Change {
        void run() throws SQLException;
    }

    /** The accounts' refusals (a taken name, a short password, an unknown user) as the page's errors. */
    private static void checked(Change change) throws SQLException {
        try {
            change.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int status = message.startsWith("No user named") ? 404 : message.contains("exists already") ? 409 : 400;
            throw new ApiException(status, message);
        }
    }
}
