package dev.nl2sql.examples.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The page itself, its script and style from the jar's {@code dashboard/static} resources, and Plotly.js from its
 * WebJar: the network the dashboard serves may have no internet, so nothing is loaded from elsewhere.
 */
final class StaticFiles {

    private static final String ROOT = "/dashboard/static";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");
    /** Vendored scripts by their path under /static. */
    private static final Map<String, WebJarScript> VENDOR = Map.of("/vendor/plotly/plotly.js",
            new WebJarScript("org.webjars.npm", "plotly.js-dist", "plotly.js"));

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
        WebJarScript vendor = VENDOR.get(resource);
        if (vendor != null) {
            serveVendor(exchange, vendor);
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
            // The page's own files change with each build.
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            send(exchange, bytes);
        }
    }

    /** A vendored script, gzipped where the browser takes it; versioned with the jar, so cached for a day. */
    private static void serveVendor(HttpExchange exchange, WebJarScript script) throws IOException {
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = accepted != null && accepted.contains("gzip");
        byte[] bytes = gzip ? script.gzipped() : script.plain();
        if (bytes == null) {
            sendText(exchange, 404, "Not found");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", TYPES.get("js"));
        exchange.getResponseHeaders().set("Cache-Control", "public, max-age=86400");
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        send(exchange, bytes);
    }

    private static void send(HttpExchange exchange, byte[] bytes) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
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
