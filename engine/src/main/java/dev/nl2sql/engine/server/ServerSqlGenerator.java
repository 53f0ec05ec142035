package dev.nl2sql.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.SqlGenerator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes SQL with a model on an OpenAI-compatible server (llama.cpp's {@code llama-server}, vLLM, Ollama), so that
 * many clients share one GPU machine. The schema grammar travels with each request where the server takes one, and
 * the answer is checked by Calcite like any other. Thread-safe: one HTTP client per server.
 */
public final class ServerSqlGenerator implements SqlGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 50;

    private final EngineSettings settings;
    private final EngineSettings.Server server;
    private final URI endpoint;
    private final HttpClient http;

    public ServerSqlGenerator(EngineSettings settings) throws SQLException {
        this.settings = settings;
        this.server = settings.server();
        if (server == null || server.url() == null || server.url().isBlank()) {
            throw EngineException.general("nl2sql.engine=server needs nl2sql.serverUrl, the server's OpenAI API base "
                    + "such as http://gpu-box:8080/v1 (see the README for starting llama-server, vLLM or Ollama).");
        }
        String base = server.url().endsWith("/") ? server.url() : server.url() + "/";
        try {
            this.endpoint = URI.create(base).resolve("chat/completions");
        } catch (IllegalArgumentException e) {
            throw EngineException.general("nl2sql.serverUrl '" + server.url() + "' is not a URL: " + e.getMessage());
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String modelName() {
        return server.model() == null || server.model().isBlank() ? endpoint.getHost() : server.model();
    }

    @Override
    public boolean followsGrammar() {
        return !"none".equals(server.grammarField());
    }

    @Override
    public Generation generate(GenerationRequest request) throws SQLException {
        GenerationControl control = request.control();
        control.check();
        long started = System.nanoTime();
        HttpRequest.Builder call = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMillis(Math.max(1, control.remainingMillis())))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)));
        if (server.apiKey() != null && !server.apiKey().isBlank()) {
            call.header("Authorization", "Bearer " + server.apiKey());
        }
        HttpResponse<String> response = await(http.sendAsync(call.build(), HttpResponse.BodyHandlers.ofString()),
                control);
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw EngineException.general("The model server at " + endpoint + " answered HTTP " + response.statusCode()
                    + ": " + body.substring(0, Math.min(300, body.length())) + ". Check nl2sql.serverModel and, for "
                    + "servers without grammar support, nl2sql.serverGrammar=none.");
        }
        return parse(response.body(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** The chat request: the system prompt, earlier turns and question as messages, greedy by default, the grammar if taken. */
    String body(GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", server.model() == null || server.model().isBlank() ? "default" : server.model());
        ArrayNode messages = body.putArray("messages");
        if (!request.systemPrompt().isEmpty()) { // the baseline pipeline sends its whole prompt as the user turn
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (GenerationRequest.ChatMessage message : request.chat()) { // earlier turns of the conversation first
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("temperature", settings.temperature());
        body.put("max_tokens", settings.maxTokens());
        body.put("stream", false);
        String field = server.grammarField() == null ? "grammar" : server.grammarField();
        if (!field.equals("none")) {
            body.put(field, request.grammar());
        }
        return body.toString();
    }

    private Generation parse(String body, long millis) throws SQLException {
        try {
            JsonNode answer = JSON.readTree(body);
            JsonNode content = answer.path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw EngineException.general("The model server at " + endpoint + " sent no answer text "
                        + "(choices[0].message.content). Is it an OpenAI-compatible chat endpoint?");
            }
            JsonNode usage = answer.path("usage");
            return new Generation(SqlText.extract(content.asText()), usage.path("prompt_tokens").asInt(0),
                    usage.path("completion_tokens").asInt(0), millis);
        } catch (IOException e) {
            throw EngineException.general("The model server at " + endpoint + " sent an answer that is not JSON: "
                    + e.getMessage(), e);
        }
    }

    /** Waits for the answer, looking at the question's cancel switch and deadline while the server works. */
    private HttpResponse<String> await(CompletableFuture<HttpResponse<String>> pending, GenerationControl control)
            throws SQLException {
        try {
            while (true) {
                try {
                    return pending.get(Math.min(POLL_MILLIS, Math.max(1, control.remainingMillis())),
                            TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    if (control.isCancelled() || control.isExpired()) {
                        pending.cancel(true);
                        control.check();
                    }
                }
            }
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw EngineException.cancelled("Interrupted while waiting for the model server.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                control.check();
            }
            if (cause instanceof ConnectException) {
                throw EngineException.general("The model server at " + endpoint + " cannot be reached (" + cause
                        + "). Start it (see the README) or correct nl2sql.serverUrl.", cause);
            }
            throw EngineException.general("The request to the model server at " + endpoint + " failed: " + cause,
                    cause);
        }
    }
}
