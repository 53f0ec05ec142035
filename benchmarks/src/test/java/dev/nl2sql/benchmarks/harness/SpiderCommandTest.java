package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spider} subcommand run in-process with the replay engine: no model. */
class SpiderCommandTest {

    private static List<Question> dev;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void load() throws IOException {
        dev = SpiderDataset.load(SpiderData.devJson());
    }

    private int bench(String... args) {
        return Bench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> spider(Path replay, Path report, String... more) {
        List<String> args = new ArrayList<>(List.of("spider",
                "--questions", SpiderData.devJson().toString(),
                "--tables", SpiderData.tablesJson().toString(),
                "--db-dir", SpiderData.databases().toString(),
                "--out", report.toString(),
                "--prop", "nl2sql.engine=replay",
                "-Dnl2sql.replay=" + replay));
        args.addAll(List.of(more));
        return args;
    }

    /** A replay file answering every question of these databases with its gold SQL, except the given overrides. */
    private Path replay(String name, Map<Integer, String> overrides, String... databases) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Question q : dev) {
            if (List.of(databases).contains(q.dbId())) {
                text.append(q.text()).append('\t').append(overrides.getOrDefault(q.index(), q.goldSql()))
                        .append('\n');
            }
        }
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static JsonNode read(Path json) throws IOException {
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void goldReplayScoresOne() throws IOException {
        Path replay = replay("gold.tsv", Map.of(), "concert_singer", "pets_1");
        Path report = tmp.resolve("out/report.json");
        Path predictions = tmp.resolve("out/predictions.tsv");
        List<String> args = spider(replay, report, "--db", "concert_singer,pets_1", "--pipelines", "full",
                "--predictions", predictions.toString());
        assertEquals(0, bench(args.toArray(String[]::new)), err.toString());

        JsonNode r = read(report);
        for (String key : List.of("questions", "evaluated", "execution_accuracy", "valid_sql_rate", "by_hardness",
                "latency_ms", "pipelines", "tokens", "attempts", "skipped", "settings", "dataset", "started_at",
                "wall_seconds")) {
            assertTrue(r.has(key), "report lacks " + key);
        }
        assertEquals(87, r.get("questions").asInt()); // 45 concert_singer + 42 pets_1
        assertEquals(87, r.get("evaluated").asInt());
        assertEquals(1.0, r.get("execution_accuracy").asDouble());
        assertEquals(1.0, r.get("valid_sql_rate").asDouble());
        assertEquals(1.0, r.at("/pipelines/full/execution_accuracy").asDouble());
        assertFalse(r.get("pipelines").has("baseline"));
        int counted = 0;
        for (String h : List.of("easy", "medium", "hard", "extra")) {
            JsonNode bucket = r.at("/by_hardness/" + h);
            counted += bucket.get("count").asInt();
            assertEquals(1.0, bucket.get("execution_accuracy").asDouble(), h);
        }
        assertEquals(87, counted);
        assertTrue(r.at("/latency_ms/p50").isNumber());
        assertTrue(r.at("/latency_ms/p95").asDouble() >= r.at("/latency_ms/p50").asDouble());
        assertTrue(r.at("/tokens/prompt/total").isNumber());
        assertEquals(1.0, r.at("/attempts/mean").asDouble());
        assertEquals(0, r.at("/skipped/count").asInt());
        assertEquals("replay", r.at("/settings/engine").asText());
        assertEquals("replay", r.at("/settings/properties/nl2sql.engine").asText());

        Path markdown = tmp.resolve("out/report.md");
        assertTrue(Files.isRegularFile(markdown));
        String md = Files.readString(markdown);
        assertTrue(md.contains("| full | 87 | 1.000 | 1.000 |"), md);
        assertTrue(md.contains("## By hardness"), md);

        List<String> lines = Files.readAllLines(predictions);
        assertEquals(87, lines.size());
        assertTrue(lines.get(0).startsWith("How many singers do we have?\tSELECT"), lines.get(0));
    }

    @Test
    void wrongAnswersCountExactly() throws IOException {
        // Of the first 10 concert_singer questions, two get another question's SQL:
        // #0 (how many singers) gets #2's list of singers, #4 (ages of French singers) gets #10's count per country.
        // #9 keeps its own gold, which is the same SQL as #8's: still right.
        Path replay = replay("some-wrong.tsv", Map.of(0, dev.get(2).goldSql(), 4, dev.get(10).goldSql()),
                "concert_singer");
        Path report = tmp.resolve("wrong.json");
        List<String> args = spider(replay, report, "--db", "concert_singer", "--limit", "10", "--pipelines", "full");
        assertEquals(0, bench(args.toArray(String[]::new)), err.toString());

        JsonNode r = read(report);
        assertEquals(10, r.get("evaluated").asInt());
        assertEquals(0.8, r.get("execution_accuracy").asDouble(), 1e-12);
        assertEquals(1.0, r.get("valid_sql_rate").asDouble());
        Map<Integer, JsonNode> answers = new HashMap<>();
        r.get("answers").forEach(a -> answers.put(a.get("index").asInt(), a.get("full")));
        assertFalse(answers.get(0).get("correct").asBoolean());
        assertEquals("gold has 1 rows, the answer 6", answers.get(0).get("reason").asText());
        assertFalse(answers.get(4).get("correct").asBoolean());
        assertTrue(answers.get(9).get("correct").asBoolean());
        String md = Files.readString(tmp.resolve("wrong.md"));
        assertTrue(md.contains("## Wrong answers (full pipeline, 2)"), md);
        assertTrue(md.contains("How many singers do we have?"), md);
    }

    @Test
    void questionsOfMissingDatabasesAreSkippedAndCounted() throws IOException {
        // A database folder holding pets_1 only: concert_singer's questions are skipped.
        Path databases = tmp.resolve("db");
        Files.createDirectories(databases.resolve("pets_1"));
        Files.copy(SpiderData.databases().resolve("pets_1/pets_1.sqlite"), databases.resolve("pets_1/pets_1.sqlite"));
        Path replay = replay("gold.tsv", Map.of(), "concert_singer", "pets_1");
        Path report = tmp.resolve("skip.json");
        List<String> args = spider(replay, report, "--db", "pets_1", "--db", "concert_singer", "--limit", "50");
        args.addAll(List.of("--db-dir", databases.toString())); // the later --db-dir wins
        assertEquals(0, bench(args.toArray(String[]::new)), err.toString());

        JsonNode r = read(report);
        // file order: the 45 concert_singer questions come first, then 5 of pets_1
        assertEquals(50, r.get("questions").asInt());
        assertEquals(5, r.get("evaluated").asInt());
        assertEquals(45, r.at("/skipped/count").asInt());
        assertEquals("concert_singer", r.at("/skipped/databases/0").asText());
        // both pipelines by default
        assertEquals(1.0, r.at("/pipelines/full/execution_accuracy").asDouble());
        assertEquals(1.0, r.at("/pipelines/baseline/execution_accuracy").asDouble());
        assertEquals(5, r.at("/pipelines/baseline/evaluated").asInt());
        String md = Files.readString(tmp.resolve("skip.md"));
        assertTrue(md.contains("`concert_singer`: 45 questions"), md);
        assertTrue(md.contains("| baseline | 5 |"), md);
    }

    @Test
    void seedShufflesBeforeTheLimit() {
        List<Question> inOrder = SpiderDataset.select(dev, java.util.Set.of(), null, 5);
        assertEquals(List.of(0, 1, 2, 3, 4), inOrder.stream().map(Question::index).toList());
        List<Question> shuffled = SpiderDataset.select(dev, java.util.Set.of(), 1L, 5);
        assertEquals(shuffled, SpiderDataset.select(dev, java.util.Set.of(), 1L, 5));
        assertFalse(shuffled.equals(inOrder));
    }

    @Test
    void aDriverThatCannotAnswerAtAllStopsTheRun() {
        Path report = tmp.resolve("none.json");
        List<String> args = spider(tmp.resolve("no-such-replay.tsv"), report, "--db", "concert_singer", "--limit",
                "3");
        assertEquals(1, bench(args.toArray(String[]::new)));
        assertTrue(err.toString().contains("HY000"), err.toString());
        assertFalse(Files.exists(report));
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, bench());
        assertEquals(2, bench("no-such-subcommand"));
        assertTrue(err.toString().contains("Unknown subcommand"), err.toString());
        assertEquals(2, bench("spider", "--limit", "0"));
        assertEquals(2, bench("spider", "--no-such-option"));
        assertEquals(2, bench("spider", "--pipelines", "full,fancy"));
        assertEquals(2, bench("spider", "--prop", "nl2sql.pipeline=baseline"));
        assertEquals(2, bench("spider", "--out", "report.txt"));
        assertEquals(2, bench("spider", "--timeout"));
        assertEquals(2, bench("spider", "--questions", SpiderData.devJson().toString(), "--tables",
                SpiderData.tablesJson().toString(), "--db", "no_such_db"));
        assertTrue(err.toString().contains("no_such_db"), err.toString());
        assertEquals(0, bench("spider", "--help"));
        assertEquals(0, bench("--help"));
        assertTrue(out.toString().contains("--pipelines"), out.toString());
    }

    @Test
    void goldReplaySubcommandWritesTheReplayFormat() throws IOException {
        Path file = tmp.resolve("gold.tsv");
        assertEquals(0, bench("gold-replay", "--questions", SpiderData.devJson().toString(), "--db", "pets_1",
                "--out", file.toString()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(42, lines.size());
        for (String line : lines) {
            assertEquals(2, line.split("\t", -1).length, line);
        }
    }

    @Test
    void spiderDatabasesAreOpenedReadOnly() throws IOException, SQLException {
        Path copy = tmp.resolve("pets_1.sqlite");
        Files.copy(SpiderData.databases().resolve("pets_1/pets_1.sqlite"), copy);
        Properties props = SpiderRunner.readOnly(new DriverSettings());
        for (String url : List.of("jdbc:sqlite:" + copy, "jdbc:nl2sql:jdbc:sqlite:" + copy)) {
            try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> s.executeUpdate("CREATE TABLE harness_probe(a INT)"), url);
                assertTrue(refused.getMessage().contains("readonly"), refused.getMessage());
            }
        }
    }

    @Test
    void teachFillsTheMemoryBeforeAsking() throws IOException {
        // every answer of the replay file is wrong; the taught pairs of concert_singer answer from memory
        Map<Integer, String> wrong = new HashMap<>();
        dev.stream().filter(q -> q.dbId().equals("concert_singer"))
                .forEach(q -> wrong.put(q.index(), "SELECT count(*) FROM singer WHERE 1 = 0"));
        Path replay = replay("wrong.tsv", wrong, "concert_singer");
        Path teach = tmp.resolve("teach.json");
        StringBuilder json = new StringBuilder("[");
        ObjectMapper mapper = new ObjectMapper();
        for (Question q : dev) {
            if (q.dbId().equals("concert_singer") && q.index() % 2 == 0) {
                json.append(json.length() > 1 ? "," : "").append(mapper.writeValueAsString(Map.of("db_id", q.dbId(),
                        "question", q.text(), "query", q.goldSql())));
            }
        }
        Files.writeString(teach, json.append("]"));
        Path report = tmp.resolve("taught.json");
        List<String> args = spider(replay, report, "--db", "concert_singer", "--pipelines", "full", "--teach",
                teach.toString(), "-Dnl2sql.attempts=1");
        assertEquals(0, bench(args.toArray(String[]::new)), err.toString());
        assertTrue(out.toString().contains("taught 23 pairs"), out.toString());
        JsonNode r = read(report);
        assertEquals(45, r.get("evaluated").asInt());
        // the 23 taught questions are answered from memory; the other 22 get the wrong replay answers
        double ex = r.get("execution_accuracy").asDouble();
        assertTrue(ex >= 23.0 / 45 && ex < 1.0, "EX " + ex);
    }
}
