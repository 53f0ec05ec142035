package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ask page's conversations over real HTTP, on the sample shop with the replay engine. A follow-up's replay line
 * names the question before it as PICARD's CoSQL input does ({@code follow-up || previous}), so it is answered only
 * when the driver put the earlier question into its context: that is, only on the conversation's own connection.
 */
class DashboardConversationHttpTest {

    static final String PASSWORD = "conversation test password";
    static final String PER_COUNTRY = "How many customers are there per country?";
    static final String FRANCE = "And only those from France?";
    static final String SLOW = "Count the pairs the slow way";
    /** 140^5 row combinations of order lines: still running when the test asks again, until it is cancelled. */
    static final String SLOW_SQL = "SELECT COUNT(*) AS combinations FROM order_items a, order_items b, order_items c, "
            + "order_items d, order_items e WHERE a.quantity + b.quantity + c.quantity + d.quantity + e.quantity = 3";
    static final String FRANCE_SQL = "SELECT country, COUNT(*) AS customers FROM customers WHERE country = 'France' "
            + "GROUP BY country";

    @TempDir
    static Path dir;
    static DashboardServer server;
    static DashboardClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path replay = dir.resolve("answers.tsv");
        Files.writeString(replay, PER_COUNTRY + "\tSELECT country, COUNT(*) AS customers FROM customers "
                + "GROUP BY country ORDER BY country\n"
                + FRANCE + " || " + PER_COUNTRY + "\t" + FRANCE_SQL + "\n"
                + SLOW + "\t" + SLOW_SQL + "\n");
        Properties properties = new Properties();
        properties.setProperty("nl2sql.engine", "replay");
        properties.setProperty("nl2sql.replay", replay.toString());
        properties.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + dir.resolve("memory").toAbsolutePath());
        server = DashboardHttpTest.start(SampleDatabase.start(properties), dir.resolve("data"), 120, PASSWORD);
        admin = new DashboardClient(server);
        assertEquals(200, admin.login("admin", PASSWORD).status());
        try (AppStore store = AppStore.open(dir.resolve("data"))) {
            new UserAccounts(store).add("bob", "bobs password".toCharArray(), UserAccounts.USER);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        server.close();
    }

    @Test
    void aFollowUpIsAnsweredWithTheQuestionBeforeIt() throws Exception {
        String thread = newThread(admin);
        JsonNode first = ask(admin, thread, PER_COUNTRY);
        assertEquals("done", first.get("state").asText(), first.toString());
        assertEquals(7, first.get("rowCount").asInt());
        assertEquals(thread, first.get("thread").asText());

        JsonNode followUp = ask(admin, thread, FRANCE);
        assertEquals("done", followUp.get("state").asText(), followUp.toString());
        assertTrue(followUp.get("sql").asText().contains("WHERE \"COUNTRY\" = 'France'"), followUp.toString());
        assertEquals(1, followUp.get("rowCount").asInt());

        JsonNode view = admin.get("/api/threads/" + thread).json();
        JsonNode entries = view.get("entries");
        assertEquals(List.of(PER_COUNTRY, FRANCE), List.of(entries.get(0).get("question").asText(),
                entries.get(1).get("question").asText()));
        assertEquals(0, entries.get(0).get("earlierAnswers").asInt(), "the first question stood alone");
        assertEquals(1, entries.get(1).get("earlierAnswers").asInt(), "the follow-up saw the first answer");
        assertEquals(followUp.get("sql").asText(), entries.get(1).get("sql").asText());
        assertEquals(1, entries.get(1).get("rowCount").asInt());
        assertTrue(entries.get(0).get("nextSees").asBoolean() && entries.get(1).get("nextSees").asBoolean());
        assertTrue(entries.get(1).get("kept").asBoolean(), "its answer can be opened again");
        assertEquals(2, view.get("nextSees").asInt());
        assertTrue(view.get("running").isNull());

        // The same follow-up on a connection of its own has nothing to follow.
        JsonNode alone = admin.run("/api/ask", Map.of("question", FRANCE));
        assertEquals("failed", alone.get("state").asText(), alone.toString());
        assertTrue(alone.get("thread").isNull());
    }

    @Test
    void aNewConversationForgetsTheQuestionsBefore() throws Exception {
        String thread = newThread(admin);
        assertEquals("done", ask(admin, thread, PER_COUNTRY).get("state").asText());
        DashboardClient.Response fresh = admin.post("/api/threads/" + thread + "/new", Map.of());
        assertEquals(200, fresh.status(), fresh.json().toString());
        assertEquals(0, fresh.json().get("entries").size());
        assertEquals(0, fresh.json().get("nextSees").asInt());

        JsonNode followUp = ask(admin, thread, FRANCE);
        assertEquals("failed", followUp.get("state").asText(), "the driver forgot: " + followUp);
        assertTrue(followUp.get("error").asText().startsWith("No usable SQL"), followUp.toString());
        JsonNode entries = admin.get("/api/threads/" + thread).json().get("entries");
        assertEquals(1, entries.size());
        assertEquals("failed", entries.get(0).get("state").asText());
        assertFalse(entries.get(0).get("nextSees").asBoolean(), "a failed question is not part of the conversation");
    }

    /**
     * An answer's explanation runs on its conversation's connection, so it shows the conversation the model sees
     * there (EXPLAIN NL: asks the question again now, with every answer so far as context).
     */
    @Test
    void theExplanationOfAnAnswerShowsTheConversationItIsPartOf() throws Exception {
        String thread = newThread(admin);
        JsonNode first = ask(admin, thread, PER_COUNTRY);
        ask(admin, thread, FRANCE);
        DashboardClient.Response started = admin.post("/api/jobs/" + first.get("id").asText() + "/explain",
                Map.of());
        assertEquals(202, started.status(), started.json().toString());
        assertEquals(thread, started.json().get("thread").asText());
        JsonNode explained = admin.waitFor(started.json().get("id").asText());
        assertEquals("done", explained.get("state").asText(), explained.toString());
        List<String> conversation = explained.get("explanation").get("conversation").asText().lines().toList();
        assertEquals(2, conversation.size(), conversation.toString());
        assertTrue(conversation.get(0).startsWith(PER_COUNTRY + " => SELECT"), conversation.toString());
        assertTrue(conversation.get(1).startsWith(FRANCE + " => SELECT"), conversation.toString());
        assertEquals(2, admin.get("/api/threads/" + thread).json().get("entries").size(),
                "an explanation is not a question of the conversation");

        JsonNode alone = admin.run("/api/ask", Map.of("question", PER_COUNTRY));
        JsonNode aloneExplained = admin.waitFor(admin.post("/api/jobs/" + alone.get("id").asText() + "/explain",
                Map.of()).json().get("id").asText());
        assertEquals("", aloneExplained.get("explanation").get("conversation").asText(),
                "a question asked on its own is explained on its own");
    }

    @Test
    void oneQuestionAtATimePerConversation() throws Exception {
        String thread = newThread(admin);
        DashboardClient.Response slow = admin.post("/api/threads/" + thread + "/ask", Map.of("question", SLOW));
        assertEquals(202, slow.status(), slow.json().toString());
        String slowId = slow.json().get("id").asText();

        DashboardClient.Response second = admin.post("/api/threads/" + thread + "/ask",
                Map.of("question", PER_COUNTRY));
        assertEquals(409, second.status(), () -> second.json() + " while " + status(slowId));
        assertTrue(second.json().get("error").asText().startsWith("A question of this conversation is still "
                + "running"), second.json().toString());
        assertEquals(409, admin.post("/api/threads/" + thread + "/new", Map.of()).status());
        assertEquals(slowId, admin.get("/api/threads/" + thread).json().get("running").asText());

        // Another conversation of the same user is not held up.
        String other = newThread(admin);
        assertEquals("done", ask(admin, other, PER_COUNTRY).get("state").asText());
        assertEquals(200, admin.delete("/api/threads/" + other).status());

        assertEquals(200, admin.post("/api/jobs/" + slowId + "/cancel", Map.of()).status());
        assertEquals("cancelled", admin.waitFor(slowId).get("state").asText());
        JsonNode after = ask(admin, thread, PER_COUNTRY);
        assertEquals("done", after.get("state").asText(), "the connection works after the cancel: " + after);
    }

    @Test
    void aConversationIsOnlyItsOwnSessions() throws Exception {
        String thread = newThread(admin);
        ask(admin, thread, PER_COUNTRY);
        DashboardClient bob = new DashboardClient(server);
        assertEquals(200, bob.login("bob", "bobs password").status());
        DashboardClient adminElsewhere = new DashboardClient(server);
        assertEquals(200, adminElsewhere.login("admin", PASSWORD).status());
        for (DashboardClient stranger : List.of(bob, adminElsewhere)) {
            List<DashboardClient.Response> refused = List.of(stranger.get("/api/threads/" + thread),
                    stranger.post("/api/threads/" + thread + "/ask", Map.of("question", FRANCE)),
                    stranger.post("/api/threads/" + thread + "/new", Map.of()),
                    stranger.delete("/api/threads/" + thread));
            for (DashboardClient.Response r : refused) {
                assertEquals(404, r.status(), r.raw().uri() + " " + r.json());
                assertTrue(r.json().get("error").asText().startsWith("No such conversation"), r.json().toString());
            }
        }
        JsonNode view = admin.get("/api/threads/" + thread).json();
        assertEquals(1, view.get("entries").size(), "nothing was asked in it from elsewhere");
        assertEquals("done", ask(admin, thread, FRANCE).get("state").asText(), "and it still follows on");
    }

    @Test
    void badRequestsAreRefused() throws Exception {
        String thread = newThread(admin);
        assertEquals(400, admin.get("/api/threads/not-an-id").status());
        assertEquals(400, admin.post("/api/threads/" + thread.toUpperCase() + "/ask",
                Map.of("question", PER_COUNTRY)).status());
        DashboardClient.Response unknown = admin.get("/api/threads/" + "0".repeat(32));
        assertEquals(404, unknown.status());
        assertEquals(400, admin.post("/api/threads/" + thread + "/ask", Map.of()).status(), "no question");
        assertEquals(400, admin.post("/api/threads/" + thread + "/ask", Map.of("question", "  ")).status());
        assertEquals(400, admin.post("/api/threads/" + thread + "/ask", Map.of("question", 42)).status());
        assertEquals(400, admin.postRaw("/api/threads/" + thread + "/ask", "{\"question\": ").status());
        assertEquals(413, admin.post("/api/threads/" + thread + "/ask",
                Map.of("question", "x".repeat(Router.MAX_BODY_BYTES))).status());
        assertEquals(405, admin.patch("/api/threads/" + thread, Map.of()).status());

        for (String path : List.of("/api/threads", "/api/threads/" + thread + "/ask", "/api/threads/" + thread
                + "/new")) {
            DashboardClient.Response missing = admin.postWithoutCsrfHeader(path, Map.of("question", PER_COUNTRY));
            assertEquals(403, missing.status(), path);
            assertTrue(missing.json().get("error").asText().contains(Router.CSRF_HEADER));
            assertEquals(403, admin.postWithCsrfValue(path, Map.of("question", PER_COUNTRY), "XMLHttpRequest")
                    .status(), path);
        }
        assertEquals(403, admin.deleteWithoutCsrfHeader("/api/threads/" + thread).status());
        assertEquals(0, admin.get("/api/threads/" + thread).json().get("entries").size(),
                "nothing refused was asked");

        DashboardClient anonymous = new DashboardClient(server);
        assertEquals(401, anonymous.post("/api/threads", Map.of()).status());
        assertEquals(401, anonymous.get("/api/threads/" + thread).status());
    }

    @Test
    void logoutClosesTheSessionsConversationsAndTheirConnections() throws Exception {
        DashboardClient client = new DashboardClient(server);
        assertEquals(200, client.login("bob", "bobs password").status());
        int before = readerSessions();
        String first = newThread(client);
        String second = newThread(client);
        ask(client, first, PER_COUNTRY);
        ask(client, second, PER_COUNTRY);
        int during = readerSessions();
        assertTrue(during >= before + 2, "each conversation holds its connection between questions: " + before
                + " sessions before, " + during + " with two conversations");

        assertEquals(200, client.post("/api/logout", Map.of()).status());
        assertEquals(before, readerSessions(), "logging out closed both");
        assertEquals(200, client.login("bob", "bobs password").status());
        assertEquals(404, client.get("/api/threads/" + first).status());
    }

    @Test
    void aUserHasAFewConversationsAtMost() throws Exception {
        DashboardClient client = new DashboardClient(server);
        assertEquals(200, client.login("bob", "bobs password").status());
        int before = readerSessions();
        String oldest = newThread(client);
        ask(client, oldest, PER_COUNTRY);
        for (int i = 1; i < ConversationThreads.MAX_PER_USER; i++) {
            newThread(client);
        }
        String newest = newThread(client);
        assertEquals(404, client.get("/api/threads/" + oldest).status(), "the least recently used one closed");
        assertEquals(200, client.get("/api/threads/" + newest).status());
        assertEquals(before, readerSessions(), "with its connection");
        client.post("/api/logout", Map.of());
    }

    @Test
    void aLostConnectionIsReplacedAndTheConversationStartsAfreshWithANotice() throws Exception {
        String thread = newThread(admin);
        assertEquals("done", ask(admin, thread, PER_COUNTRY).get("state").asText());
        try (Connection sa = DriverManager.getConnection("jdbc:h2:mem:dashboard_shop", "sa", "");
             Statement s = sa.createStatement()) {
            s.execute("SELECT ABORT_SESSION(SESSION_ID) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = '"
                    + SampleDatabase.READER + "'");
        }
        JsonNode followUp = ask(admin, thread, FRANCE);
        assertEquals("failed", followUp.get("state").asText(), "the new connection has no conversation: " + followUp);
        JsonNode view = admin.get("/api/threads/" + thread).json();
        assertEquals(ConversationThread.LOST_NOTICE, view.get("notice").asText());
        assertEquals(0, view.get("nextSees").asInt());
        assertEquals("done", ask(admin, thread, PER_COUNTRY).get("state").asText(), "it asks on the new connection");
        assertEquals("done", ask(admin, thread, FRANCE).get("state").asText(), "and follows on there");
        assertEquals(200, admin.post("/api/threads/" + thread + "/new", Map.of()).status());
        assertNull(admin.get("/api/threads/" + thread).json().get("notice").textValue(), "a new one starts clean");
    }

    private static JsonNode status(String job) {
        try {
            return admin.get("/api/jobs/" + job).json();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String newThread(DashboardClient client) throws Exception {
        DashboardClient.Response created = client.post("/api/threads", Map.of());
        assertEquals(201, created.status(), created.json().toString());
        assertEquals(0, created.json().get("entries").size());
        return created.json().get("id").asText();
    }

    private static JsonNode ask(DashboardClient client, String thread, String question) throws Exception {
        return client.run("/api/threads/" + thread + "/ask", Map.of("question", question));
    }

    /** The sample database's open sessions of the dashboard's account, as H2's administrator sees them. */
    private static int readerSessions() throws SQLException {
        try (Connection sa = DriverManager.getConnection("jdbc:h2:mem:dashboard_shop", "sa", "");
             Statement s = sa.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = '"
                     + SampleDatabase.READER + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
