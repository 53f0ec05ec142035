package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the dashboard over real HTTP, on the bundled sample shop. Questions are answered by the replay
 * engine (README, nl2sql.engine=replay), so their SQL is known; the real model is exercised by the browser test.
 */
class DashboardHttpTest {

    static final String PASSWORD = "correct horse battery";
    static final String PER_COUNTRY = "How many customers are there per country?";
    /** Slow on purpose: 10^10 row pairs, so it is still running when cancelled or timed out. */
    static final String SLOW_SQL = "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b "
            + "WHERE a.X + b.X = 3";

    @TempDir
    static Path dir;
    static Properties driverProperties;
    static DashboardServer server;
    static DashboardClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path replay = dir.resolve("answers.tsv");
        Files.writeString(replay, PER_COUNTRY + "\tSELECT country, COUNT(*) AS customers FROM customers "
                + "GROUP BY country ORDER BY country\n");
        driverProperties = new Properties();
        driverProperties.setProperty("nl2sql.engine", "replay");
        driverProperties.setProperty("nl2sql.replay", replay.toString());
        // The driver's memory of taught answers in this test's folder, not the user's ~/.nl2sql.
        driverProperties.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + dir.resolve("memory").toAbsolutePath());
        server = start(SampleDatabase.start(driverProperties), dir.resolve("data"), 120, PASSWORD);
        admin = new DashboardClient(server);
        assertEquals(200, admin.login("admin", PASSWORD).status());
    }

    @AfterAll
    static void stop() throws SQLException {
        server.close();
    }

    static DashboardServer start(TargetDatabase database, Path data, int timeoutSeconds, String adminPassword)
            throws IOException, SQLException {
        return DashboardServer.start(new DashboardServer.Config(database,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), data, timeoutSeconds, 1000,
                adminPassword));
    }

    /** Plotly.js from its WebJar, gzipped for a browser that takes it (11 MB as text). */
    @Test
    void plotlyIsGzippedForBrowsersThatTakeIt() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.address().getPort() + "/static/vendor/plotly/plotly.js"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        byte[] script;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            script = in.readAllBytes();
        }
        assertTrue(response.body().length < script.length / 2, response.body().length + " of " + script.length);
        assertTrue(new String(script, 0, 2000, StandardCharsets.UTF_8).contains("plotly.js v3."));
    }

    @Test
    void thePageAndPlotlyComeFromTheDashboardItself() throws Exception {
        DashboardClient anonymous = new DashboardClient(server);
        DashboardClient.Response page = anonymous.get("/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        String html = page.raw().body();
        assertTrue(html.contains("<script src=\"/static/vendor/plotly/plotly.js\""), html);
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));

        DashboardClient.Response plotly = anonymous.get("/static/vendor/plotly/plotly.js");
        assertEquals(200, plotly.status());
        assertTrue(plotly.header("Content-Type").startsWith("text/javascript"));
        assertTrue(plotly.raw().body().length() > 1_000_000, "the whole of plotly.js");
        assertTrue(plotly.raw().body().contains("plotly.js v3."), "Plotly 3 from its WebJar");

        String script = anonymous.get("/static/app.js").raw().body();
        String style = anonymous.get("/static/app.css").raw().body();
        for (String text : List.of(html, script, style)) {
            assertFalse(text.contains("http://") || text.contains("https://") || text.contains("//cdn"),
                    "nothing is loaded from elsewhere");
        }
        assertEquals(404, anonymous.get("/static/nothing-here.js").status());
        assertEquals(404, anonymous.get("/elsewhere").status());
    }

    @Test
    void everyApiNeedsALogin() throws Exception {
        DashboardClient anonymous = new DashboardClient(server);
        List<DashboardClient.Response> responses = new ArrayList<>();
        assertTrue(anonymous.get("/api/me").json().get("user").isNull(), "the page asks whether to show the login");
        for (String path : List.of("/api/dashboards", "/api/dashboards/1", "/api/jobs/ab",
                "/api/jobs/ab/rows", "/api/jobs/ab/chart")) {
            responses.add(anonymous.get(path));
        }
        for (String path : List.of("/api/ask", "/api/sql", "/api/dashboards", "/api/pins", "/api/pins/1/run",
                "/api/jobs/ab/cancel")) {
            responses.add(anonymous.post(path, Map.of("question", "x", "sql", "SELECT 1", "name", "x")));
        }
        responses.add(anonymous.delete("/api/pins/1"));
        responses.add(anonymous.delete("/api/dashboards/1"));
        for (DashboardClient.Response r : responses) {
            assertEquals(401, r.status(), r.raw().uri().toString());
            assertTrue(r.json().get("error").asText().startsWith("Log in first"), r.json().toString());
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefusedAlike() throws Exception {
        DashboardClient client = new DashboardClient(server);
        DashboardClient.Response wrong = client.login("admin", "not the password");
        DashboardClient.Response unknown = client.login("nobody", PASSWORD);
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals(wrong.json(), unknown.json());
        assertNull(wrong.header("Set-Cookie"));
        assertTrue(client.get("/api/me").json().get("user").isNull());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndLogoutEndsIt() throws Exception {
        DashboardClient client = new DashboardClient(server);
        DashboardClient.Response login = client.login("admin", PASSWORD);
        assertEquals(200, login.status());
        String cookie = login.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals("admin", client.get("/api/me").json().get("user").asText());

        assertEquals(200, client.post("/api/logout", Map.of()).status());
        assertTrue(client.get("/api/me").json().get("user").isNull(), "the old cookie no longer works");
        assertEquals(401, client.get("/api/dashboards").status());
    }

    @Test
    void changesFromElsewhereThanThePageAreRefused() throws Exception {
        DashboardClient.Response ask = admin.postWithoutCsrfHeader("/api/ask", Map.of("question", PER_COUNTRY));
        assertEquals(403, ask.status());
        assertTrue(ask.json().get("error").asText().contains(Router.CSRF_HEADER));
        DashboardClient.Response login = new DashboardClient(server).postWithoutCsrfHeader("/api/login",
                Map.of("user", "admin", "password", PASSWORD));
        assertEquals(403, login.status(), "no login from another site's form either");
    }

    @Test
    void aQuestionGivesItsSqlATableInPagesAndABarChart() throws Exception {
        JsonNode job = admin.run("/api/ask", Map.of("question", PER_COUNTRY));
        assertEquals("done", job.get("state").asText(), job.toString());
        assertTrue(job.get("sql").asText().startsWith("SELECT"), job.toString());
        assertTrue(job.get("sql").asText().contains("COUNTRY"), job.toString());
        assertEquals("COUNTRY", job.get("columns").get(0).get("name").asText());
        assertEquals("NUMBER", job.get("columns").get(1).get("kind").asText());
        assertEquals(7, job.get("rowCount").asInt());
        assertEquals("bar", job.get("chart").asText());

        String id = job.get("id").asText();
        JsonNode page = admin.get("/api/jobs/" + id + "/rows?offset=2&limit=3").json();
        assertEquals(7, page.get("rowCount").asInt());
        assertEquals(3, page.get("rows").size());
        assertEquals(0, admin.get("/api/jobs/" + id + "/rows?offset=50").json().get("rows").size());
        assertEquals(400, admin.get("/api/jobs/" + id + "/rows?limit=many").status());

        JsonNode chart = admin.get("/api/jobs/" + id + "/chart").json();
        assertEquals("bar", chart.get("kind").asText());
        assertEquals("COUNTRY", chart.get("x").get("name").asText());
        assertEquals(7, chart.get("x").get("values").size());
        assertEquals("CUSTOMERS", chart.get("y").get(0).get("name").asText());
        assertEquals("scatter", admin.get("/api/jobs/" + id + "/chart?kind=scatter").json().get("kind").asText());
        assertEquals(400, admin.get("/api/jobs/" + id + "/chart?kind=donut").status());
    }

    @Test
    void editedSqlRunsAsPlainSqlWithTheChartItsShapeCallsFor() throws Exception {
        assertEquals("line", chartOf("SELECT ordered_at, COUNT(*) AS orders FROM orders GROUP BY ordered_at"));
        assertEquals("scatter", chartOf("SELECT price, in_stock FROM products"));
        assertEquals("value", chartOf("SELECT COUNT(*) FROM customers"));
        assertEquals("table", chartOf("SELECT name, city FROM customers"), "names do not repeat: no bar of 1s");
        assertEquals("bar", chartOf("SELECT country, name FROM customers"), "customers counted per country");
    }

    private String chartOf(String sql) throws Exception {
        JsonNode job = admin.run("/api/sql", Map.of("sql", sql));
        assertEquals("done", job.get("state").asText(), job.toString());
        assertEquals(sql, job.get("sql").asText());
        return job.get("chart").asText();
    }

    @Test
    void theDashboardOnlyReads() throws Exception {
        for (String write : List.of("DELETE FROM order_items", "DROP TABLE order_items",
                "CREATE TABLE notes (id INT)", "CALL CSVWRITE('/tmp/dashboard-leak.csv', 'SELECT * FROM customers')")) {
            JsonNode job = admin.run("/api/sql", Map.of("sql", write));
            assertEquals("failed", job.get("state").asText(), job.toString());
            assertTrue(job.get("error").asText().startsWith("The dashboard only reads this database"),
                    job.toString());
        }
        JsonNode count = admin.run("/api/sql", Map.of("sql", "SELECT COUNT(*) FROM order_items"));
        JsonNode rows = admin.get("/api/jobs/" + count.get("id").asText() + "/rows").json();
        assertTrue(rows.get("rows").get(0).get(0).asInt() > 0, "order_items is still there");
    }

    @Test
    void errorsReadAsSentences() throws Exception {
        JsonNode badSql = admin.run("/api/sql", Map.of("sql", "SELECT nope FROM customers"));
        assertEquals("failed", badSql.get("state").asText());
        assertTrue(badSql.get("error").asText().contains("NOPE"), badSql.toString());
        assertTrue(badSql.get("error").asText().endsWith("[SQLState 42S22]"), badSql.toString());

        JsonNode badQuestion = admin.run("/api/ask", Map.of("question", "What is the meaning of life?"));
        assertEquals("failed", badQuestion.get("state").asText());
        assertTrue(badQuestion.get("error").asText().startsWith("No usable SQL for this question"),
                badQuestion.toString());

        assertEquals(409, admin.get("/api/jobs/" + badSql.get("id").asText() + "/rows").status());
        assertEquals(400, admin.post("/api/ask", Map.of("question", " ")).status());
        assertEquals(404, admin.get("/api/jobs/0123abcd").status());
        assertEquals(404, admin.get("/api/nothing").status());
        assertEquals(405, admin.delete("/api/ask").status());
    }

    @Test
    void cancelStopsAQueryInProgress() throws Exception {
        DashboardClient.Response started = admin.post("/api/sql", Map.of("sql", SLOW_SQL));
        String id = started.json().get("id").asText();
        waitUntilRunning(id);
        assertEquals(200, admin.post("/api/jobs/" + id + "/cancel", Map.of()).status());
        JsonNode job = admin.waitFor(id);
        assertEquals("cancelled", job.get("state").asText(), job.toString());
        assertTrue(job.get("elapsedMs").asLong() < 60_000, job.toString());
    }

    @Test
    void aQueryThatTakesTooLongTimesOut() throws Exception {
        try (DashboardServer strict = start(SampleDatabase.start(driverProperties), dir.resolve("strict"), 1,
                PASSWORD)) {
            DashboardClient client = new DashboardClient(strict);
            client.login("admin", PASSWORD);
            JsonNode job = client.run("/api/sql", Map.of("sql", SLOW_SQL));
            assertEquals("failed", job.get("state").asText(), job.toString());
            assertTrue(job.get("error").asText().startsWith("Timed out after 1 s"), job.toString());
        }
    }

    @Test
    void aDatabaseThatIsDownIsAReadableError() throws Exception {
        TargetDatabase down = new TargetDatabase("jdbc:nl2sql:postgresql://127.0.0.1:9/shop", new Properties());
        try (DashboardServer server = start(down, dir.resolve("down"), 10, PASSWORD)) {
            DashboardClient client = new DashboardClient(server);
            client.login("admin", PASSWORD);
            JsonNode job = client.run("/api/ask", Map.of("question", PER_COUNTRY));
            assertEquals("failed", job.get("state").asText(), job.toString());
            assertTrue(job.get("error").asText().startsWith("Cannot reach the database"), job.toString());
        }
    }

    @Test
    void pinsKeepTheirSqlAndRunItAgain() throws Exception {
        JsonNode job = admin.run("/api/ask", Map.of("question", PER_COUNTRY));
        String sql = job.get("sql").asText();
        DashboardClient.Response pinned = admin.post("/api/pins", Map.of("dashboard", "Sales", "title",
                "Customers per country", "question", PER_COUNTRY, "sql", sql, "display", "bar"));
        assertEquals(201, pinned.status(), pinned.json().toString());
        long dashboardId = pinned.json().get("dashboardId").asLong();
        long pinId = pinned.json().get("id").asLong();
        admin.post("/api/pins", Map.of("dashboard", "Sales", "title", "The table", "sql", sql, "display", "table"));

        JsonNode list = admin.get("/api/dashboards").json();
        JsonNode sales = find(list, "Sales");
        assertEquals(2, sales.get("pins").asInt());

        JsonNode board = admin.get("/api/dashboards/" + dashboardId).json();
        assertEquals("Sales", board.get("name").asText());
        JsonNode pins = board.get("pins");
        assertEquals(List.of("Customers per country", "The table"),
                List.of(pins.get(0).get("title").asText(), pins.get(1).get("title").asText()));
        assertEquals(sql, board.get("pins").get(0).get("sql").asText());
        assertEquals(PER_COUNTRY, board.get("pins").get(0).get("question").asText());

        DashboardClient.Response rerun = admin.post("/api/pins/" + pinId + "/run", Map.of());
        assertEquals(202, rerun.status());
        JsonNode again = admin.waitFor(rerun.json().get("id").asText());
        assertEquals("done", again.get("state").asText(), again.toString());
        assertEquals("sql", again.get("kind").asText(), "the saved SQL runs; the model is not asked again");
        assertEquals(sql, again.get("sql").asText());
        assertEquals(7, again.get("rowCount").asInt());

        assertEquals(200, admin.delete("/api/pins/" + pinId).status());
        assertEquals(404, admin.post("/api/pins/" + pinId + "/run", Map.of()).status());
        assertEquals(1, admin.get("/api/dashboards/" + dashboardId).json().get("pins").size());
        assertEquals(200, admin.delete("/api/dashboards/" + dashboardId).status());
        assertEquals(404, admin.get("/api/dashboards/" + dashboardId).status());
    }

    @Test
    void dashboardsAndPinsAreChecked() throws Exception {
        assertEquals(201, admin.post("/api/dashboards", Map.of("name", "Stock")).status());
        assertEquals(409, admin.post("/api/dashboards", Map.of("name", "Stock")).status());
        assertEquals(400, admin.post("/api/dashboards", Map.of("name", "  ")).status());
        assertEquals(400, admin.post("/api/dashboards", Map.of("name", "x".repeat(121))).status());
        assertEquals(400, admin.post("/api/pins", Map.of("dashboard", "Stock", "title", "t", "sql", "SELECT 1",
                "display", "donut")).status());
        assertEquals(400, admin.post("/api/pins", Map.of("dashboard", "Stock", "title", "t")).status());
        assertEquals(404, admin.get("/api/dashboards/999999").status());
        assertEquals(404, admin.get("/api/dashboards/abc").status());
    }

    @Test
    void aUserSeesOnlyTheirOwnQueries() throws Exception {
        try (AppStore store = AppStore.open(dir.resolve("data"))) {
            new UserAccounts(store).add("bob", "bobs password".toCharArray(), UserAccounts.USER);
        }
        DashboardClient bob = new DashboardClient(server);
        assertEquals(200, bob.login("bob", "bobs password").status());
        JsonNode adminsJob = admin.run("/api/sql", Map.of("sql", "SELECT name FROM customers"));
        String id = adminsJob.get("id").asText();
        assertEquals(404, bob.get("/api/jobs/" + id).status());
        assertEquals(404, bob.get("/api/jobs/" + id + "/rows").status());
        assertEquals(404, bob.post("/api/jobs/" + id + "/cancel", Map.of()).status());
    }

    @Test
    void repeatedFailedLoginsAreSlowedDown() throws Exception {
        try (DashboardServer own = start(SampleDatabase.start(driverProperties), dir.resolve("throttle"), 10,
                PASSWORD)) {
            DashboardClient client = new DashboardClient(own);
            for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
                assertEquals(401, client.login("admin", "guess " + i).status());
            }
            DashboardClient.Response locked = client.login("admin", PASSWORD);
            assertEquals(429, locked.status(), "even the right password waits");
            assertTrue(locked.json().get("error").asText().startsWith("Too many failed logins"));
        }
    }

    @Test
    void theFirstStartCreatesAnAdministratorWithARandomPassword() throws Exception {
        Path data = dir.resolve("first");
        String password;
        try (DashboardServer first = start(SampleDatabase.start(driverProperties), data, 10, null)) {
            password = first.generatedAdminPassword();
            assertNotNull(password);
            assertTrue(password.length() >= 20, password);
            assertEquals(200, new DashboardClient(first).login("admin", password).status());
        }
        try (DashboardServer second = start(SampleDatabase.start(driverProperties), data, 10, null)) {
            assertNull(second.generatedAdminPassword(), "created once");
            assertEquals(200, new DashboardClient(second).login("admin", password).status());
        }
    }

    @Test
    void usersAndDashboardsSurviveARestart() throws Exception {
        Path data = dir.resolve("restart");
        try (DashboardServer before = start(SampleDatabase.start(driverProperties), data, 10, PASSWORD)) {
            DashboardClient client = new DashboardClient(before);
            client.login("admin", PASSWORD);
            assertEquals(201, client.post("/api/pins", Map.of("dashboard", "Kept", "title", "Count",
                    "sql", "SELECT COUNT(*) FROM customers", "display", "value")).status());
        }
        try (DashboardServer after = start(SampleDatabase.start(driverProperties), data, 10, "another password")) {
            DashboardClient client = new DashboardClient(after);
            assertEquals(200, client.login("admin", PASSWORD).status(), "the stored password, not the option");
            JsonNode kept = find(client.get("/api/dashboards").json(), "Kept");
            JsonNode board = client.get("/api/dashboards/" + kept.get("id").asLong()).json();
            JsonNode pin = board.get("pins").get(0);
            assertEquals("SELECT COUNT(*) FROM customers", pin.get("sql").asText());
            DashboardClient.Response run = client.post("/api/pins/" + pin.get("id").asLong() + "/run", Map.of());
            assertEquals("done", client.waitFor(run.json().get("id").asText()).get("state").asText());
        }
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode d : list) {
            if (d.get("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("No dashboard " + name + " in " + list);
    }

    private static void waitUntilRunning(String id) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (admin.get("/api/jobs/" + id).json().get("state").asText().equals("running")) {
                Thread.sleep(200);
                return;
            }
            Thread.sleep(50);
        }
    }
}
