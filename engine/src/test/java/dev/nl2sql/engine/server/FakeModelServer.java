package dev.nl2sql.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.nl2sql.picard.grammar.GbnfRecognizer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat endpoint on loopback that behaves like llama.cpp's server under a grammar: it answers
 * with the first of its candidate texts that the request's grammar accepts (or the first, when no grammar came). So a
 * test sees the grammar really travel with the request, and the answer flow back.
 */
public final class FakeModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile List<String> candidates = List.of("SELECT 1");
    private volatile int status = 200;
    private volatile long delayMillis;
    private volatile boolean inTurn;

    public FakeModelServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/chat/completions", exchange -> {
            byte[] body;
            int code;
            try {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                requests.add(request);
                Thread.sleep(delayMillis);
                code = status;
                body = (code == 200 ? answer(request) : "{\"error\":\"overloaded\"}").getBytes(StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    private String answer(JsonNode request) {
        String content = candidates.get(0);
        if (inTurn) {
            content = candidates.get(Math.min(requests.size() - 1, candidates.size() - 1));
        } else if (request.hasNonNull("grammar")) {
            GbnfRecognizer grammar = GbnfRecognizer.parse(request.get("grammar").asText());
            content = candidates.stream().filter(grammar::matches).findFirst()
                    .orElse("no candidate fits the grammar");
        }
        ObjectNode response = JSON.createObjectNode();
        response.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
        response.putObject("usage").put("prompt_tokens", 123).put("completion_tokens", 7);
        return response.toString();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    public FakeModelServer answering(String... texts) {
        candidates = List.of(texts);
        return this;
    }

    /** The n-th request gets the n-th text (the last one again after that), grammar or not: a model correcting itself. */
    public FakeModelServer answeringInTurn(String... texts) {
        candidates = List.of(texts);
        inTurn = true;
        return this;
    }

    public FakeModelServer failingWith(int httpStatus) {
        status = httpStatus;
        return this;
    }

    public FakeModelServer slowBy(long millis) {
        delayMillis = millis;
        return this;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
