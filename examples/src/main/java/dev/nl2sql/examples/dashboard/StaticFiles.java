package dev.nl2sql.examples.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The page itself, its script and style, and Plotly.js, all from the jar's {@code dashboard/static} resources: the
 * network the dashboard serves may have no internet, so nothing is loaded from elsewhere.
 */
final class StaticFiles {

    private static final String ROOT = "/dashboard/static";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            sendText(exchange, 405, "Only GET here");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String resource = path.equals("/") ? "/index.html"
                : path.startsWith("/static/") ? path.substring("/static".length()) : null;
        if (resource == null || resource.contains("..") || resource.contains("//")) {
            sendText(exchange, 404, "Not found");
            return;
        }
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + resource)) {
            if (in == null || type == null) {
                sendText(exchange, 404, "Not found");
                return;
            }
            byte[] bytes = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            // Plotly is versioned with the jar and large; the page's own files change with each build.
            exchange.getResponseHeaders().set("Cache-Control",
                    resource.startsWith("/vendor/") ? "public, max-age=86400" : "no-cache");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
