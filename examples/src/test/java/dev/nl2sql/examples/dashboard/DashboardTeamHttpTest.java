package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a team uses it, over real HTTP on the bundled sample shop: roles and the admin's user management,
 * who may change a dashboard, teaching answers and notes (the driver's memory, through NL TEACH/NOTE/LIST/FORGET),
 * each user's history, CSV export, the explanation of an answer, the schema browser and its example questions, and
 * the refusals of bad input on every new route. Questions are answered by the replay engine or from what was taught.
 */
class DashboardTeamHttpTest {

    static final String PASSWORD = "team test password";
    static final String PER_COUNTRY = "How many customers are there per country?";
    static final String PER_COUNTRY_SQL = "SELECT country, COUNT(*) AS customers FROM customers GROUP BY country "
            + "ORDER BY country";

    @TempDir
    static Path dir;
    static DashboardServer server;
    static DashboardClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path replay = dir.resolve("answers.tsv");
        Files.writeString(replay, PER_COUNTRY + "\t" + PER_COUNTRY_SQL + "\n");
        Properties driver = new Properties();
        driver.setProperty("nl2sql.engine", "replay");
        driver.setProperty("nl2sql.replay", replay.toString());
        driver.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + dir.resolve("memory").toAbsolutePath());
        server = DashboardServer.start(new DashboardServer.Config(SampleDatabase.start(driver),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("data"), 60, 1000, PASSWORD));
        admin = new DashboardClient(server);
        assertEquals(200, admin.login("admin", PASSWORD).status());
    }

    @AfterAll
    static void stop() throws SQLException {
        server.close();
    }

    /** A new user with role {@code role}, logged in. */
    private static DashboardClient user(String name, String role) throws Exception {
        DashboardClient.Response added = admin.post("/api/users", Map.of("name", name, "password", name + " password",
                "role", role));
        assertEquals(201, added.status(), () -> String.valueOf(added.json()));
        DashboardClient client = new DashboardClient(server);
        assertEquals(200, client.login(name, name + " password").status());
        return client;
    }

    @Test
    void adminsManageUsersInThePageAndUsersCannot() throws Exception {
        DashboardClient carol = user("carol", "user");
        JsonNode me = carol.get("/api/me").json();
        assertEquals("carol", me.get("user").asText());
        assertEquals("user", me.get("role").asText());
        assertEquals("admin", admin.get("/api/me").json().get("role").asText());

        for (DashboardClient.Response r : List.of(carol.get("/api/users"),
                carol.post("/api/users", Map.of("name", "mallory", "password", "long enough")),
                carol.post("/api/users/carol/role", Map.of("role", "admin")),
                carol.post("/api/users/admin/password", Map.of("password", "taken over")),
                carol.delete("/api/users/admin"))) {
            assertEquals(403, r.status(), r.raw().uri().toString());
            assertTrue(r.json().get("error").asText().startsWith("Only an admin"));
        }
        assertEquals("user", carol.get("/api/me").json().get("role").asText(), "carol did not promote herself");

        JsonNode users = admin.get("/api/users").json();
        assertTrue(users.toString().contains("\"name\":\"carol\",\"role\":\"user\""), users.toString());
        assertFalse(users.toString().contains("hash"), "no password hashes leave the server");

        assertEquals(409, admin.post("/api/users", Map.of("name", "carol", "password", "long enough")).status());
        assertEquals(400, admin.post("/api/users", Map.of("name", "dave", "password", "short")).status());
        assertEquals(400, admin.post("/api/users", Map.of("name", "bad name", "password", "long enough")).status());
        assertEquals(400, admin.post("/api/users", Map.of("name", "dave", "password", "long enough",
                "role", "root")).status());
        assertEquals(400, admin.post("/api/users", Map.of("password", "long enough")).status(), "no name");
        assertEquals(404, admin.post("/api/users/nobody/role", Map.of("role", "admin")).status());
        assertEquals(404, admin.delete("/api/users/nobody").status());

        // A promotion holds at once, on the session carol has.
        assertEquals(200, admin.post("/api/users/carol/role", Map.of("role", "admin")).status());
        assertEquals(200, carol.get("/api/users").status());
        assertEquals(200, admin.post("/api/users/carol/role", Map.of("role", "user")).status());
        assertEquals(403, carol.get("/api/users").status());

        // A new password ends carol's sessions; the new one works.
        assertEquals(200, admin.post("/api/users/carol/password", Map.of("password", "carol's new one")).status());
        assertEquals(401, carol.get("/api/history").status());
        assertEquals(200, carol.login("carol", "carol's new one").status());
        assertEquals(401, new DashboardClient(server).login("carol", "carol password").status());

        // Removed: the session ends, and so does the login.
        assertEquals(200, admin.delete("/api/users/carol").status());
        assertEquals(401, carol.get("/api/history").status());
        assertEquals(401, carol.login("carol", "carol's new one").status());
    }

    @Test
    void theLastAdminStaysAnAdmin() throws Exception {
        DashboardServer own = DashboardServer.start(new DashboardServer.Config(server0Database(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("last-admin"), 10, 100,
                PASSWORD));
        try (own) {
            DashboardClient root = new DashboardClient(own);
            root.login("admin", PASSWORD);
            DashboardClient.Response demote = root.post("/api/users/admin/role", Map.of("role", "user"));
            assertEquals(409, demote.status());
            assertTrue(demote.json().get("error").asText().contains("last admin"), demote.json().toString());
            assertEquals(409, root.delete("/api/users/admin").status());
            assertEquals(201, root.post("/api/users", Map.of("name", "erin", "password", "erin password",
                    "role", "admin")).status());
            assertEquals(200, root.post("/api/users/admin/role", Map.of("role", "user")).status(),
                    "with another admin, the first may step down");
            assertEquals(403, root.get("/api/users").status());
        }
    }

    private static TargetDatabase server0Database() throws SQLException {
        Properties driver = new Properties();
        driver.setProperty("nl2sql.engine", "replay");
        driver.setProperty("nl2sql.replay", dir.resolve("answers.tsv").toString());
        driver.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + dir.resolve("memory2").toAbsolutePath());
        return SampleDatabase.start(driver);
    }

    @Test
    void onlyItsCreatorOrAnAdminChangesADashboardAndEveryoneReadsIt() throws Exception {
        DashboardClient frank = user("frank", "user");
        DashboardClient grace = user("grace", "user");
        DashboardClient.Response pinned = frank.post("/api/pins", Map.of("dashboard", "Frank's", "title", "Count",
                "sql", "SELECT COUNT(*) FROM customers", "display", "value"));
        assertEquals(201, pinned.status(), pinned.json().toString());
        long board = pinned.json().get("dashboardId").asLong();
        long pin = pinned.json().get("id").asLong();

        JsonNode seen = grace.get("/api/dashboards/" + board).json();
        assertEquals("frank", seen.get("createdBy").asText());
        assertFalse(seen.get("canEdit").asBoolean());
        assertTrue(frank.get("/api/dashboards/" + board).json().get("canEdit").asBoolean());
        assertTrue(admin.get("/api/dashboards/" + board).json().get("canEdit").asBoolean());
        DashboardClient.Response run = grace.post("/api/pins/" + pin + "/run", Map.of());
        assertEquals("done", grace.waitFor(run.json().get("id").asText()).get("state").asText(), "grace reads it");

        for (DashboardClient.Response r : List.of(grace.delete("/api/dashboards/" + board),
                grace.delete("/api/pins/" + pin),
                grace.patch("/api/dashboards/" + board, Map.of("name", "Grace's now")),
                grace.post("/api/pins", Map.of("dashboard", "Frank's", "title", "Mine", "sql", "SELECT 1",
                        "display", "table")))) {
            assertEquals(403, r.status(), r.raw().uri().toString());
            assertTrue(r.json().get("error").asText().contains("frank"), r.json().toString());
        }
        assertEquals(1, frank.get("/api/dashboards/" + board).json().get("pins").size(), "nothing changed");

        assertEquals(200, frank.patch("/api/dashboards/" + board, Map.of("name", "Frank's board")).status());
        assertEquals("Frank's board", grace.get("/api/dashboards/" + board).json().get("name").asText());
        assertEquals(400, frank.patch("/api/dashboards/" + board, Map.of("name", " ")).status());
        assertEquals(201, admin.post("/api/pins", Map.of("dashboard", "Frank's board", "title", "By an admin",
                "sql", "SELECT 1", "display", "table")).status());
        assertEquals(200, admin.delete("/api/pins/" + pin).status());
        assertEquals(200, admin.delete("/api/dashboards/" + board).status());
        assertEquals(404, frank.get("/api/dashboards/" + board).status());
    }

    @Test
    void aChartPinKeepsTheAxesTheUserChose() throws Exception {
        DashboardClient.Response pinned = admin.post("/api/pins", Map.of("dashboard", "Axes", "title", "Stock by price",
                "sql", "SELECT name, price, in_stock FROM products", "display", "scatter", "x", 1, "y", List.of(2)));
        assertEquals(201, pinned.status(), pinned.json().toString());
        JsonNode kept = admin.get("/api/dashboards/" + pinned.json().get("dashboardId").asLong()).json()
                .get("pins").get(0);
        assertEquals(1, kept.get("x").asInt());
        assertEquals("[2]", kept.get("y").toString());
        assertEquals(400, admin.post("/api/pins", Map.of("dashboard", "Axes", "title", "t", "sql", "SELECT 1",
                "display", "bar", "x", 0)).status(), "x without y");
        assertEquals(400, admin.post("/api/pins", Map.of("dashboard", "Axes", "title", "t", "sql", "SELECT 1",
                "display", "bar", "x", "first", "y", List.of())).status(), "x is a number");
    }

    @Test
    void theUserChoosesTheChartsKindAndAxes() throws Exception {
        JsonNode job = admin.run("/api/sql", Map.of("sql", "SELECT name, price, in_stock FROM products"));
        String id = job.get("id").asText();
        JsonNode chart = admin.get("/api/jobs/" + id + "/chart?kind=line&x=1&y=2").json();
        assertEquals("line", chart.get("kind").asText());
        assertEquals("PRICE", chart.get("x").get("name").asText());
        assertEquals("IN_STOCK", chart.get("y").get(0).get("name").asText());
        assertTrue(chart.get("description").asText().startsWith("Line chart of IN_STOCK by PRICE"),
                chart.toString());
        JsonNode pie = admin.get("/api/jobs/" + id + "/chart?kind=pie&x=0&y=").json();
        assertEquals("rows", pie.get("y").get(0).get("name").asText(), "no measure: rows counted per name");
        assertEquals(400, admin.get("/api/jobs/" + id + "/chart?x=0&y=0").status(), "names are not measured");
        assertEquals(400, admin.get("/api/jobs/" + id + "/chart?x=9&y=1").status());
        assertEquals(400, admin.get("/api/jobs/" + id + "/chart?x=0&y=one").status());
        JsonNode names = admin.run("/api/sql", Map.of("sql", "SELECT name, email FROM customers"));
        assertEquals("table", names.get("chart").asText(), "nothing to draw: the table is the answer");
    }

    @Test
    void aTaughtAnswerIsUsedAndItsTeacherOrAnAdminRemovesIt() throws Exception {
        DashboardClient heidi = user("heidi", "user");
        DashboardClient ivan = user("ivan", "user");
        String question = "Which customers live in Lisbon?";
        String sql = "SELECT name FROM customers WHERE city = 'Lisbon' ORDER BY name";
        JsonNode before = heidi.run("/api/ask", Map.of("question", question));
        assertEquals("failed", before.get("state").asText(), "the replay file does not know it");

        DashboardClient.Response taught = heidi.post("/api/memory/pairs", Map.of("question", question, "sql", sql));
        assertEquals(201, taught.status(), taught.json().toString());
        long id = taught.json().get("id").asLong();
        assertEquals("heidi", taught.json().get("taughtBy").asText());

        JsonNode after = ivan.run("/api/ask", Map.of("question", question));
        assertEquals("done", after.get("state").asText(), after.toString());
        JsonNode direct = ivan.run("/api/sql", Map.of("sql", sql));
        assertEquals(direct.get("rowCount").asInt(), after.get("rowCount").asInt(), "answered from memory");
        assertTrue(after.get("sql").asText().contains("'Lisbon'"), after.toString());
        JsonNode explained = ivan.waitFor(ivan.post("/api/jobs/" + after.get("id").asText() + "/explain", Map.of())
                .json().get("id").asText());
        assertEquals("done", explained.get("state").asText(), explained.toString());
        assertEquals("true", explained.get("explanation").get("from_memory").asText(), explained.toString());
        assertTrue(explained.get("explanation").get("memory_pairs").asText().contains(String.valueOf(id)));

        JsonNode listed = find(ivan.get("/api/memory").json(), "pair", id);
        assertEquals("heidi", listed.get("taughtBy").asText());
        assertFalse(listed.get("canRemove").asBoolean());
        assertTrue(find(heidi.get("/api/memory").json(), "pair", id).get("canRemove").asBoolean());
        assertEquals(403, ivan.delete("/api/memory/pairs/" + id).status());
        assertEquals(200, heidi.delete("/api/memory/pairs/" + id).status());
        assertEquals(404, heidi.delete("/api/memory/pairs/" + id).status());
        assertEquals("failed", ivan.run("/api/ask", Map.of("question", question)).get("state").asText(),
                "forgotten");

        DashboardClient.Response note = ivan.post("/api/memory/notes", Map.of("note", "prices are in euros",
                "on", "products.price"));
        assertEquals(201, note.status(), note.json().toString());
        long noteId = note.json().get("id").asLong();
        assertEquals("products.price", find(admin.get("/api/memory").json(), "note", noteId).get("on").asText());
        assertEquals(403, heidi.delete("/api/memory/notes/" + noteId).status());
        assertEquals(200, admin.delete("/api/memory/notes/" + noteId).status(), "an admin removes anyone's");
    }

    @Test
    void whatCannotBeTaughtIsRefusedWithTheReason() throws Exception {
        DashboardClient.Response delete = admin.post("/api/memory/pairs", Map.of("question", "Remove the orders",
                "sql", "DELETE FROM orders"));
        assertEquals(400, delete.status());
        assertTrue(delete.json().get("error").asText().startsWith("Not taught: "), delete.json().toString());
        DashboardClient.Response unknown = admin.post("/api/memory/pairs", Map.of("question", "How many?",
                "sql", "SELECT COUNT(*) FROM nowhere"));
        assertEquals(400, unknown.status(), unknown.json().toString());
        assertEquals(400, admin.post("/api/memory/pairs", Map.of("question", "a => b", "sql", "SELECT 1")).status());
        assertEquals(400, admin.post("/api/memory/pairs", Map.of("question", "x".repeat(2001), "sql", "SELECT 1"))
                .status());
        assertEquals(400, admin.post("/api/memory/pairs", Map.of("question", "No SQL")).status());
        assertEquals(400, admin.post("/api/memory/notes", Map.of("note", "about", "on", "orders: DROP")).status());
        assertEquals(400, admin.post("/api/memory/notes", Map.of("note", " ")).status());
        assertEquals(400, admin.post("/api/memory/notes", Map.of("note", "on nothing", "on", "nowhere.column"))
                .status(), "a note is tied to tables and columns the database has");
        assertEquals(404, admin.delete("/api/memory/pairs/99999").status());
        assertEquals(404, admin.delete("/api/memory/pairs/abc").status());
    }

    @Test
    void eachUserHasASearchableHistoryOfTheirOwn() throws Exception {
        DashboardClient judy = user("judy", "user");
        String answeredWith = judy.run("/api/ask", Map.of("question", PER_COUNTRY)).get("sql").asText();
        judy.run("/api/sql", Map.of("sql", "SELECT name FROM products WHERE price > 10"));
        judy.run("/api/sql", Map.of("sql", "SELECT nope FROM customers"));
        JsonNode all = judy.get("/api/history").json();
        assertEquals(3, all.size(), all.toString());
        assertEquals("sql", all.get(0).get("kind").asText(), "newest first");
        assertEquals("failed", all.get(0).get("state").asText());
        assertTrue(all.get(0).get("error").asText().contains("NOPE"));
        JsonNode asked = all.get(2);
        assertEquals(PER_COUNTRY, asked.get("text").asText());
        assertEquals(answeredWith, asked.get("sql").asText(), "the SQL that answered");
        assertEquals(7, asked.get("rowCount").asInt());

        JsonNode found = judy.get("/api/history?q=PRICE%20%3E").json();
        assertEquals(1, found.size(), found.toString());
        assertEquals(0, judy.get("/api/history?q=%25").json().size(), "% is searched as itself");
        assertEquals(400, judy.get("/api/history?q=" + "x".repeat(201)).status());
        assertEquals(400, judy.get("/api/history?limit=ten").status());
        assertFalse(admin.get("/api/history?limit=200").json().toString().contains("price > 10"),
                "nobody else's history");

        long id = found.get(0).get("id").asLong();
        assertEquals(404, admin.delete("/api/history/" + id).status(), "not admin's to remove");
        assertEquals(200, judy.delete("/api/history/" + id).status());
        assertEquals(2, judy.get("/api/history").json().size());
    }

    @Test
    void anyAnswerDownloadsAsCsvThatSpreadsheetsCannotRun() throws Exception {
        JsonNode job = admin.run("/api/sql", Map.of("sql", "SELECT '=HYPERLINK(1)' AS f, -5 AS n, "
                + "'a,\"b\"' AS q, '@x' AS at, CAST(NULL AS VARCHAR) AS e, 'line' || CHAR(10) || 'two' AS m"));
        assertEquals("done", job.get("state").asText(), job.toString());
        DashboardClient.Response csv = admin.get("/api/jobs/" + job.get("id").asText() + "/csv");
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        assertTrue(csv.header("Content-Disposition").startsWith("attachment; filename=\"nl2sql-"));
        assertEquals("F,N,Q,AT,E,M\r\n'=HYPERLINK(1),-5,\"a,\"\"b\"\"\",'@x,,\"line\ntwo\"\r\n", csv.raw().body());

        JsonNode countries = admin.run("/api/ask", Map.of("question", PER_COUNTRY));
        String body = admin.get("/api/jobs/" + countries.get("id").asText() + "/csv").raw().body();
        assertEquals(8, body.split("\r\n").length, "a header and 7 rows");
        assertTrue(body.startsWith("COUNTRY,CUSTOMERS\r\nAustria,"), body);

        DashboardClient other = user("kim", "user");
        assertEquals(404, other.get("/api/jobs/" + countries.get("id").asText() + "/csv").status(),
                "only its owner downloads it");
        JsonNode failed = admin.run("/api/sql", Map.of("sql", "SELECT nope FROM customers"));
        assertEquals(409, admin.get("/api/jobs/" + failed.get("id").asText() + "/csv").status());
        assertEquals(409, admin.post("/api/jobs/" + failed.get("id").asText() + "/explain", Map.of()).status(),
                "SQL has no explanation");
    }

    @Test
    void theSchemaBrowserListsTablesAndExamplesFromThisDatabase() throws Exception {
        JsonNode schema = admin.get("/api/schema").json();
        List<String> tables = new ArrayList<>();
        schema.get("tables").forEach(t -> tables.add(t.get("name").asText()));
        assertEquals(List.of("CUSTOMERS", "ORDERS", "ORDER_ITEMS", "PRODUCTS"), tables);
        JsonNode customers = schema.get("tables").get(0);
        assertEquals("ID", customers.get("columns").get(0).get("name").asText());
        assertTrue(customers.get("columns").get(0).get("key").asBoolean());
        assertEquals("People who have an account with the shop", customers.get("remarks").asText());

        List<String> examples = new ArrayList<>();
        schema.get("examples").forEach(e -> examples.add(e.asText()));
        assertTrue(examples.contains("How many customers are there?"), examples.toString());
        String byValue = examples.stream().filter(e -> e.startsWith("Which customers have city ")).findFirst()
                .orElseThrow(() -> new AssertionError("no example with a value: " + examples));
        Matcher city = Pattern.compile("Which customers have city (.+)\\?").matcher(byValue);
        assertTrue(city.matches());
        JsonNode count = admin.run("/api/sql", Map.of("sql", "SELECT COUNT(*) FROM customers WHERE city = '"
                + city.group(1).replace("'", "''") + "'"));
        assertTrue(admin.get("/api/jobs/" + count.get("id").asText() + "/rows").json().get("rows").get(0).get(0)
                .asInt() > 1, "a value that the data holds, more than once");
        assertTrue(examples.stream().anyMatch(e -> e.startsWith("What is the average ")), examples.toString());
        assertFalse(examples.stream().anyMatch(e -> e.contains(" id ") || e.contains("average id")), examples.toString());
    }

    @Test
    void badInputToTheNewRoutesIsRefused() throws Exception {
        DashboardClient anonymous = new DashboardClient(server);
        for (String path : List.of("/api/history", "/api/memory", "/api/schema", "/api/users", "/api/jobs/ab/csv")) {
            assertEquals(401, anonymous.get(path).status(), path);
        }
        for (String path : List.of("/api/memory/pairs", "/api/memory/notes", "/api/users", "/api/jobs/ab/explain")) {
            assertEquals(401, anonymous.post(path, Map.of("note", "x")).status(), path);
            DashboardClient.Response noHeader = admin.postWithoutCsrfHeader(path, Map.of("note", "x"));
            assertEquals(403, noHeader.status(), path);
            DashboardClient.Response forged = admin.postWithCsrfValue(path, Map.of("note", "x"), "XMLHttpRequest");
            assertEquals(403, forged.status(), path);
            assertTrue(forged.json().get("error").asText().contains(Router.CSRF_HEADER));
        }
        String huge = "{\"note\": \"" + "x".repeat(Router.MAX_BODY_BYTES) + "\"}";
        DashboardClient.Response oversized = admin.postRaw("/api/memory/notes", huge);
        assertEquals(413, oversized.status());
        assertEquals(400, admin.postRaw("/api/memory/notes", "{not json").status());
        assertEquals(400, admin.postRaw("/api/memory/notes", "{\"note\": 42}").status(), "a number is not text");
        assertEquals(400, admin.postRaw("/api/users", "{\"name\": [\"x\"], \"password\": \"long enough\"}").status());
        assertEquals(400, admin.post("/api/memory/notes", Map.of("note", "n".repeat(2001))).status());
        assertEquals(405, admin.delete("/api/memory").status());
    }

    private static JsonNode find(JsonNode items, String kind, long id) {
        for (JsonNode item : items) {
            if (item.get("kind").asText().equals(kind) && item.get("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("No " + kind + " " + id + " in " + items);
    }
}
