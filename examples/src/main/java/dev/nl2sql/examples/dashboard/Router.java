package dev.nl2sql.examples.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request passes here: security headers on every answer, static files for the page, and the JSON API,
 * where a route needs a logged-in user unless it is public, and every request that changes something must carry
 * {@value #CSRF_HEADER}: {@value #CSRF_VALUE}. Browsers do not let another site's page send a custom header without
 * the server's consent (which this server never gives), so with the SameSite=Strict cookie a page elsewhere cannot
 * act for a logged-in user.
 */
final class Router implements HttpHandler {

    static final String CSRF_HEADER = "X-Requested-With";
    static final String CSRF_VALUE = "nl2sql-dashboard";
    static final int MAX_BODY_BYTES = 256 * 1024;

    /** Scripts, styles and data only from this server; Plotly sets inline styles on the charts it draws. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** Who may call a route: anyone, a logged-in user, or a logged-in admin. */
    enum Access { PUBLIC, USER, ADMIN }

    @FunctionalInterface
    interface Handler {
        Reply handle(ApiRequest request) throws SQLException;
    }

    private record Route(String method, Pattern path, Access access, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Sessions sessions;
    private final UserAccounts users;
    private final ObjectMapper json;
    private final StaticFiles staticFiles;

    Router(Sessions sessions, UserAccounts users, ObjectMapper json, StaticFiles staticFiles) {
        this.sessions = sessions;
        this.users = users;
        this.json = json;
        this.staticFiles = staticFiles;
    }

    /** Adds an API route; {@code path} is a regular expression whose groups the handler reads. */
    Router add(String method, String path, Access access, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), access, handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith("/api/")) {
                staticFiles.serve(exchange);
                return;
            }
            headers.set("Cache-Control", "no-store");
            Reply reply;
            try {
                reply = route(exchange, path);
            } catch (ApiException e) {
                reply = new Reply(e.status(), Map.of("error", e.getMessage()), null);
            } catch (SQLException e) {
                log.warn("The dashboard's store failed on {} {}", exchange.getRequestMethod(), path, e);
                reply = new Reply(500, Map.of("error", "The dashboard's own store failed: " + e.getMessage()), null);
            } catch (RuntimeException e) {
                log.warn("Request {} {} failed", exchange.getRequestMethod(), path, e);
                reply = new Reply(500, Map.of("error", "Internal error (" + e.getClass().getSimpleName()
                        + "); the dashboard's log has the details"), null);
            }
            write(exchange, reply);
        }
    }

    private Reply route(HttpExchange exchange, String path) throws IOException, SQLException {
        String method = exchange.getRequestMethod();
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(method)) {
                continue;
            }
            if (!method.equals("GET") && !CSRF_VALUE.equals(exchange.getRequestHeaders().getFirst(CSRF_HEADER))) {
                throw new ApiException(403, "Refused: requests that change something must come from the dashboard's "
                        + "own page (header " + CSRF_HEADER + ": " + CSRF_VALUE + ")");
            }
            String token = Sessions.tokenFrom(exchange.getRequestHeaders().getFirst("Cookie"));
            Optional<String> user = sessions.user(token);
            // The role is read on every request, so a change by an admin (or a removal) holds at once.
            Optional<String> role = user.isEmpty() ? Optional.empty() : users.role(user.get());
            if (user.isPresent() && role.isEmpty()) {
                sessions.end(token);
                user = Optional.empty();
            }
            if (route.access() != Access.PUBLIC && user.isEmpty()) {
                throw new ApiException(401, "Log in first (or again: sessions end after a while, and on restart)");
            }
            if (route.access() == Access.ADMIN && !UserAccounts.ADMIN.equals(role.orElse(null))) {
                throw new ApiException(403, "Only an admin may do this; ask one of the dashboard's admins");
            }
            JsonNode body = method.equals("POST") || method.equals("PATCH") ? readBody(exchange) : null;
            return route.handler().handle(new ApiRequest(exchange, m, user.orElse(null), role.orElse(null), body));
        }
        throw pathKnown ? new ApiException(405, method + " is not allowed on " + path)
                : new ApiException(404, "No such API: " + path);
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "The request is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
            }
            if (bytes.length == 0) {
                return null;
            }
            try {
                return json.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new ApiException(400, "The request body is not JSON: " + e.getOriginalMessage());
            }
        }
    }

    private void write(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.setCookie() != null) {
            exchange.getResponseHeaders().add("Set-Cookie", reply.setCookie());
        }
        if (reply.download() != null) {
            Reply.Download download = reply.download();
            exchange.getResponseHeaders().set("Content-Type", download.contentType());
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\""
                    + download.fileName().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
            // Length 0: chunked, so the file goes out as it is written instead of being held whole in memory.
            exchange.sendResponseHeaders(reply.status(), 0);
            try (OutputStream out = exchange.getResponseBody()) {
                download.writer().write(out);
            }
            return;
        }
        byte[] bytes = json.writeValueAsBytes(reply.body() == null ? Map.of() : reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
