package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A browser's part in the HTTP tests: JSON requests to the dashboard, with the session cookie it was given. */
final class DashboardClient {

    /** A response: status, headers and the body as JSON (or text, for the page and scripts). */
    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String cookie;

    DashboardClient(DashboardServer server) {
        this.base = "http://127.0.0.1:" + server.address().getPort();
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(builder(path).GET(), true);
    }

    Response post(String path, Map<String, ?> body) throws IOException, InterruptedException {
        return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json"), true);
    }

    /** A POST without the header the page sends, as a form on another site would send it. */
    Response postWithoutCsrfHeader(String path, Map<String, ?> body) throws IOException, InterruptedException {
        return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json"), false);
    }

    /** A POST whose CSRF header has another value than the page's, as a forged request might. */
    Response postWithCsrfValue(String path, Map<String, ?> body, String value) throws IOException,
            InterruptedException {
        return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json").header(Router.CSRF_HEADER, value), false);
    }

    /** A POST of this body as it is (not JSON-encoded by the client). */
    Response postRaw(String path, String body) throws IOException, InterruptedException {
        return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"), true);
    }

    Response patch(String path, Map<String, ?> body) throws IOException, InterruptedException {
        return send(builder(path).method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json"), true);
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send(builder(path).DELETE(), true);
    }

    /** A DELETE without the header the page sends. */
    Response deleteWithoutCsrfHeader(String path) throws IOException, InterruptedException {
        return send(builder(path).DELETE(), false);
    }

    Response login(String user, String password) throws IOException, InterruptedException {
        Response r = post("/api/login", Map.of("user", user, "password", password));
        String setCookie = r.header("Set-Cookie");
        if (r.status() == 200 && setCookie != null) {
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
        }
        return r;
    }

    void forgetCookie() {
        cookie = null;
    }

    /** Starts a question or SQL and waits until it has finished; returns its final status. */
    JsonNode run(String path, Map<String, ?> body) throws IOException, InterruptedException {
        Response started = post(path, body);
        assertTrue(started.status() == 202, () -> "expected 202: " + started.status() + " " + started.json());
        return waitFor(started.json().get("id").asText());
    }

    JsonNode waitFor(String jobId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/api/jobs/" + jobId).json();
            String state = status.get("state").asText();
            if (state.equals("done") || state.equals("failed") || state.equals("cancelled")) {
                return status;
            }
            Thread.sleep(100);
        }
        return fail("Job " + jobId + " did not finish in time");
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private Response send(HttpRequest.Builder builder, boolean csrfHeader) throws IOException, InterruptedException {
        if (csrfHeader) {
            builder.header(Router.CSRF_HEADER, Router.CSRF_VALUE);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = JSON.readTree(response.body());
        }
        return new Response(response.statusCode(), response, json);
    }
}
