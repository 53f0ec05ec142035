package dev.nl2sql.examples.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;

/** One API call as a handler sees it: the logged-in user, the path's parts, query parameters and JSON body. */
final class ApiRequest {

    private final HttpExchange exchange;
    private final Matcher path;
    private final String user;
    private final String role;
    private final JsonNode body;

    ApiRequest(HttpExchange exchange, Matcher path, String user, String role, JsonNode body) {
        this.exchange = exchange;
        this.path = path;
        this.user = user;
        this.role = role;
        this.body = body;
    }

    /** The logged-in user's role ({@code admin} or {@code user}); null only on routes that need no login. */
    String role() {
        return role;
    }

    boolean isAdmin() {
        return UserAccounts.ADMIN.equals(role);
    }

    /** The logged-in user; null only on routes that need no login. */
    String user() {
        return user;
    }

    /** The session token from the request's cookie, if any. */
    String sessionToken() {
        return Sessions.tokenFrom(exchange.getRequestHeaders().getFirst("Cookie"));
    }

    String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** A numbered group of the route's path pattern, as a number. */
    long pathId(int group) {
        try {
            return Long.parseLong(path.group(group));
        } catch (NumberFormatException e) {
            throw new ApiException(404, "No such item: " + path.group(group));
        }
    }

    String pathPart(int group) {
        return path.group(group);
    }

    /** A required text field of the JSON body. */
    String text(String field) {
        String value = optionalText(field);
        if (value == null || value.isBlank()) {
            throw new ApiException(400, "The request needs \"" + field + "\"");
        }
        return value;
    }

    /** A text field of the JSON body, or null; a number or object where text belongs is refused. */
    String optionalText(String field) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(400, "\"" + field + "\" must be text");
        }
        return node.asText();
    }

    /** A whole-number field of the JSON body, or null; anything else there is refused. */
    Integer optionalInt(String field) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new ApiException(400, "\"" + field + "\" must be a whole number");
        }
        return node.intValue();
    }

    /** A list of whole numbers in the JSON body, or null. */
    java.util.List<Integer> optionalInts(String field) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > 64) {
            throw new ApiException(400, "\"" + field + "\" must be a list of at most 64 whole numbers");
        }
        java.util.List<Integer> values = new java.util.ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new ApiException(400, "\"" + field + "\" must be a list of whole numbers");
            }
            values.add(n.intValue());
        }
        return values;
    }

    /** A whole-number query parameter within [min, max], or the default. */
    int queryInt(String name, int defaultValue, int min, int max) {
        String raw = query().get(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw)));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "The parameter " + name + " is not a whole number: " + raw);
        }
    }

    /** A query parameter, or null. */
    String queryParam(String name) {
        return query().get(name);
    }

    private Map<String, String> query() {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }
}
