package dev.nl2sql.engine.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.EngineSettingsBuilder;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.SqlGenerator;
import dev.nl2sql.engine.Translator;
import dev.nl2sql.engine.memory.GlossaryNote;
import dev.nl2sql.engine.memory.MemoryUse;
import dev.nl2sql.engine.memory.TaughtMemory;
import dev.nl2sql.engine.schema.SchemaCache;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.sql.SqlChecker;
import dev.nl2sql.engine.t5.PicardInput;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetBuilderTest {

    private static final EngineSettings SETTINGS = EngineSettingsBuilder.engine("replay").schemaPromptChars(6000)
            .build();

    @Test
    void concertSingerGivesEveryShapeAndEveryPairPassesBothCheckersAndRuns() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            TuningSource source = spiderSource(c, "concert_singer");
            TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
            List<TrainingPair> all = all(set);
            Set<QueryShape> expected = EnumSet.allOf(QueryShape.class);
            expected.remove(QueryShape.MEMORY);
            assertEquals(expected, TrainingSet.perShape(all).keySet());
            assertEquals("concert_singer", set.databaseId());
            assertEveryPairVerifies(c, source, all);
            assertNoDuplicatesAndGroupsOnOneSide(set, TrainingSetBuilder.Options.DEFAULTS.perQuery());
        }
    }

    @Test
    void everyColumnIsAskedForInPicardsLowerCaseForm() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            TuningSource source = spiderSource(c, "concert_singer");
            List<String> sqls = all(new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS))
                    .stream().map(TrainingPair::sql).toList();
            for (String column : List.of("country", "song_name", "song_release_year", "age")) {
                assertTrue(sqls.contains("select " + column + " from singer"), column);
                assertTrue(sqls.stream().anyMatch(q -> q.startsWith("select " + column + " from singer where name = '")),
                        column + " of a singer named in the question");
            }
            assertTrue(sqls.stream().anyMatch(q -> q.startsWith("select count(*) from stadium where capacity > ")));
            assertTrue(sqls.stream().anyMatch(q -> q.startsWith("select location from stadium where highest > ")));
            assertTrue(sqls.contains("select distinct country from singer"));
            // nine capacities: a model that has seen three thresholds learns them by heart instead of copying one
            long thresholds = sqls.stream().filter(q -> q.startsWith("select count(*) from stadium where capacity > "))
                    .distinct().count();
            assertTrue(thresholds >= 6, thresholds + " thresholds of capacity");
            for (String sql : sqls) {
                assertEquals(PicardSql.normalize(sql), sql, "not in PICARD's form: " + sql);
            }
        }
    }

    @Test
    void petsAndCarsJoinAlongTheirForeignKeys() throws Exception {
        for (String db : List.of("pets_1", "car_1")) {
            try (Connection c = TestDatabases.spider(db)) {
                TuningSource source = spiderSource(c, db);
                TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
                List<TrainingPair> all = all(set);
                Map<QueryShape, Integer> shapes = TrainingSet.perShape(all);
                assertTrue(shapes.getOrDefault(QueryShape.JOIN, 0) > 0, db + ": " + shapes);
                assertTrue(shapes.getOrDefault(QueryShape.NESTED, 0) > 0, db + ": " + shapes);
                assertTrue(all.stream().anyMatch(p -> p.sql().contains(" join ")), db);
                assertEveryPairVerifies(c, source, all);
                assertNoDuplicatesAndGroupsOnOneSide(set, TrainingSetBuilder.Options.DEFAULTS.perQuery());
            }
        }
    }

    @Test
    void everyT5TargetIsSpelledByT5sVocabularyAndAcceptedByPicard() throws Exception {
        Path tokenizerJson = Path.of(System.getenv().getOrDefault("NL2SQL_TEST_MODELS_DIR", "../../shared/models"))
                .resolve("t5-small").resolve("tokenizer.json");
        try (Connection c = TestDatabases.spider("concert_singer");
                HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson)) {
            TuningSource source = spiderSource(c, "concert_singer");
            TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
            SchemaSnapshot snapshot = SchemaCache.shared().get(source.databaseKey(), c);
            PrefixChecker picard = PrefixChecker.of(snapshot.schema(), snapshot.style());
            for (TrainingPair pair : all(set)) {
                String target = set.databaseId() + " | " + pair.sql();
                String decoded = tokenizer.decode(tokenizer.encode(target).getIds(), true);
                assertEquals(target.replace(" ", ""), decoded.replace(" ", ""), "T5 cannot spell " + target);
                int bar = target.indexOf(" | ");
                CheckerState state = picard.start().feed(target.substring(bar + 3));
                assertTrue(state.isComplete(), target + ": " + state.rejection() + state.completionProblem());
            }
        }
    }

    @Test
    void theT5InputIsWhatTheT5EngineSerialisesAndTheFilesHoldEverything(@TempDir Path out) throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            TuningSource source = spiderSource(c, "concert_singer");
            TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
            List<Path> files = new TrainingSetWriter().write(set, source, out);
            assertEquals(8, files.size());
            ObjectMapper json = new ObjectMapper();
            List<String> t5 = Files.readAllLines(out.resolve("t5/train.jsonl"));
            List<String> chat = Files.readAllLines(out.resolve("chat/train.jsonl"));
            assertEquals(set.split().train().size(), t5.size());
            assertEquals(set.split().validation().size(),
                    Files.readAllLines(out.resolve("t5/validation.jsonl")).size());
            Capturing engine = new Capturing();
            Translator translator = new Translator(engine, SETTINGS);
            for (int i = 0; i < t5.size(); i += 7) {
                JsonNode line = json.readTree(t5.get(i));
                translator.translate(line.get("question").asText(), c, source.databaseKey(),
                        GenerationControl.withTimeout(30_000));
                GenerationRequest asked = engine.last;
                assertEquals(PicardInput.forRequest(asked), line.get("input").asText());
                assertEquals("concert_singer | " + line.get("sql").asText(), line.get("target").asText());
                JsonNode messages = json.readTree(chat.get(i)).get("messages");
                assertEquals(asked.systemPrompt(), messages.get(0).get("content").asText());
                assertEquals(asked.userMessage(), messages.get(1).get("content").asText());
                assertEquals(line.get("sql").asText(), messages.get(2).get("content").asText());
            }
            JsonNode dev = json.readTree(out.resolve("spider/dev.json").toFile());
            assertEquals(set.split().validation().size(), dev.size());
            assertEquals("concert_singer", dev.get(0).get("db_id").asText());
            JsonNode tables = json.readTree(out.resolve("spider/tables.json").toFile());
            assertEquals(4, tables.get(0).get("table_names_original").size());
            assertTrue(tables.get(0).get("foreign_keys").size() >= 2);
            JsonNode card = json.readTree(out.resolve("dataset.json").toFile());
            assertEquals(set.fingerprint(), card.get("schema_fingerprint").asText());
            assertEquals(t5.size(), card.at("/splits/train/pairs").asInt());
        }
    }

    @Test
    void theSplitDependsOnlyOnTheSeed() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            TuningSource source = spiderSource(c, "concert_singer");
            TrainingSetBuilder.Options seven = new TrainingSetBuilder.Options(0.2, 7, 5_000, 2);
            TrainingSet first = new TrainingSetBuilder().build(source, seven);
            TrainingSet again = new TrainingSetBuilder().build(source, seven);
            TrainingSet other = new TrainingSetBuilder().build(source, new TrainingSetBuilder.Options(0.2, 8, 5_000,
                    2));
            assertEquals(first.split(), again.split());
            assertNotEquals(first.split().validation(), other.split().validation());
            assertNoDuplicatesAndGroupsOnOneSide(first, 2);
        }
    }

    @Test
    void anH2DatabaseWithALinkTableAndAMemoryGivesManyToManyJoinsTaughtPairsAndNotes(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:h2:mem:tune" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url)) {
            shop(c);
            TaughtMemory memory = TaughtMemory.forUrl("jdbc:h2:file:" + dir.resolve("store"));
            String key = url + "\u0000sa";
            SchemaSnapshot snapshot = SchemaCache.shared().get(key, c);
            memory.teach(key, "Which students are in big courses?", "SELECT T1.name FROM student AS T1 JOIN enrolment AS T2 "
                    + "ON T2.student_id = T1.id JOIN course AS T3 ON T3.id = T2.course_id WHERE T3.credits >= 6", "ana",
                    snapshot);
            memory.teach(key, "Which students are over 200?", "SELECT name FROM student WHERE age > 200", "ana",
                    snapshot);
            GlossaryNote note = memory.note(key, "a senior student is one older than 25", List.of("student.age"),
                    "ana", snapshot);
            TuningSource source = new TuningSource(c, key, SETTINGS, new MemoryUse(memory, key, 3, 2000));
            TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
            List<TrainingPair> all = all(set);
            assertEquals(1, set.memoryPairs());
            assertEquals(1, set.memoryDropped(), "a taught query that finds nothing is left out");
            assertEquals(1, set.memoryNotes());
            assertTrue(all.stream().anyMatch(p -> p.shape() == QueryShape.MEMORY
                    && p.question().equals("Which students are in big courses?")));
            assertTrue(all.stream().anyMatch(p -> p.sql().contains(" join enrolment as t2 ")
                    && p.sql().contains(" join course as t3 ")), "many-to-many through enrolment");
            assertEveryPairVerifies(c, source, all);

            Path out = dir.resolve("out");
            new TrainingSetWriter().write(set, source, out);
            List<String> chat = new ArrayList<>(Files.readAllLines(out.resolve("chat/train.jsonl")));
            chat.addAll(Files.readAllLines(out.resolve("chat/validation.jsonl")));
            assertTrue(chat.stream().anyMatch(l -> l.contains(note.text()) && l.contains("age")),
                    "the note shows where a question is about the age");
        }
    }

    @Test
    void onPostgresqlEveryPairRunsAndChecks() throws Exception {
        String schema = "tune_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String base = TestDatabases.url(TestDatabases.Kind.POSTGRESQL);
        try (Connection admin = TestDatabases.connect(base)) {
            try (Statement st = admin.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
            try (Connection c = TestDatabases.connect(base + "&currentSchema=" + schema)) {
                shop(c);
                try (Statement st = c.createStatement()) {
                    // a quoted mixed-case name: the pairs write it bare, in lower case, and still run
                    st.execute("ALTER TABLE student RENAME COLUMN city TO \"City\"");
                }
                TuningSource source = new TuningSource(c, base + "\u0000postgres\u0000test\u0000" + schema,
                        SETTINGS, null);
                TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
                assertTrue(all(set).stream().anyMatch(p -> p.sql().contains("where city = '")));
                assertTrue(all(set).stream().noneMatch(p -> p.sql().contains("\"City\"")));
                assertTrue(TrainingSet.perShape(all(set)).keySet().containsAll(EnumSet.of(QueryShape.JOIN,
                        QueryShape.NESTED, QueryShape.SET_OPERATION, QueryShape.HAVING)));
                assertEveryPairVerifies(c, source, all(set));
            } finally {
                try (Statement st = admin.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    @Test
    void anEmptyDatabaseAndATinyOneAreRefusedWithWhatToDo() throws Exception {
        String url = "jdbc:h2:mem:tune" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url)) {
            TuningSource source = new TuningSource(c, url + "\u0000sa", SETTINGS, null);
            SQLException none = assertThrows(SQLException.class,
                    () -> new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS));
            assertEquals("42S02", none.getSQLState());
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE pet (id INT PRIMARY KEY, name VARCHAR(20))");
                st.execute("INSERT INTO pet VALUES (1, 'Rex')");
            }
            SchemaCache.shared().invalidateAll(url);
            SQLException tiny = assertThrows(SQLException.class,
                    () -> new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS));
            assertEquals(TrainingSetBuilder.TOO_LITTLE_DATA, tiny.getSQLState());
            assertTrue(tiny.getMessage().contains("at least " + TrainingSetBuilder.MIN_PAIRS), tiny.getMessage());
            assertTrue(tiny.getMessage().contains("more rows"), tiny.getMessage());
        }
    }

    @Test
    void anUnwritableOutputNamesThePath(@TempDir Path dir) throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            TuningSource source = spiderSource(c, "concert_singer");
            TrainingSet set = new TrainingSetBuilder().build(source, TrainingSetBuilder.Options.DEFAULTS);
            Path file = dir.resolve("taken");
            Files.writeString(file, "a file where the folder should go");
            java.io.IOException e = assertThrows(java.io.IOException.class,
                    () -> new TrainingSetWriter().write(set, source, file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("--out"),
                    e.getMessage());
        }
    }

    /** students, courses and the enrolments that link them, with repeated values to filter and group on. */
    private static void shop(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE student (id INT PRIMARY KEY, name VARCHAR(30), city VARCHAR(30), age INT)");
            st.execute("CREATE TABLE course (id INT PRIMARY KEY, title VARCHAR(30), dept VARCHAR(20), credits INT)");
            st.execute("CREATE TABLE enrolment (student_id INT REFERENCES student(id), course_id INT REFERENCES "
                    + "course(id), grade INT, PRIMARY KEY (student_id, course_id))");
            String[] cities = {"Lisbon", "Porto", "Braga"};
            for (int i = 1; i <= 12; i++) {
                st.execute("INSERT INTO student VALUES (" + i + ", 'Student " + (char) ('A' + i) + "', '"
                        + cities[i % 3] + "', " + (18 + i) + ")");
            }
            String[] depts = {"Maths", "History"};
            for (int i = 1; i <= 6; i++) {
                st.execute("INSERT INTO course VALUES (" + i + ", 'Course " + i + "', '" + depts[i % 2] + "', "
                        + (3 + i) + ")");
            }
            for (int s = 1; s <= 10; s++) {
                for (int k = 1; k <= 1 + s % 3; k++) {
                    st.execute("INSERT INTO enrolment VALUES (" + s + ", " + (1 + (s + k) % 5) + ", " + (10 + s + k)
                            + ")");
                }
            }
        }
    }

    private static TuningSource spiderSource(Connection c, String db) throws SQLException {
        return new TuningSource(c, c.getMetaData().getURL() + "\u0000\u0000null\u0000null", SETTINGS, null);
    }

    private static List<TrainingPair> all(TrainingSet set) {
        List<TrainingPair> all = new ArrayList<>(set.split().train());
        all.addAll(set.split().validation());
        return all;
    }

    /** Each SQL passes PICARD's checker and the engine's, and its checked form finds rows on the database. */
    private static void assertEveryPairVerifies(Connection c, TuningSource source, List<TrainingPair> pairs)
            throws Exception {
        SchemaSnapshot snapshot = SchemaCache.shared().get(source.databaseKey(), c);
        SqlChecker checker = new SqlChecker(snapshot.schema(), snapshot.style());
        PrefixChecker picard = PrefixChecker.of(snapshot.schema(), snapshot.style());
        for (TrainingPair pair : pairs) {
            assertTrue(picard.accepts(pair.sql()), pair.sql());
            String checked = checker.check(pair.sql()).sql();
            assertFalse(TestDatabases.rows(c, checked).isEmpty(), pair.sql());
        }
    }

    private static void assertNoDuplicatesAndGroupsOnOneSide(TrainingSet set, int perQuery) {
        List<TrainingPair> all = all(set);
        Set<String> questions = new HashSet<>();
        Map<String, Integer> perGroup = new HashMap<>();
        Map<String, String> groupOfSql = new HashMap<>();
        for (TrainingPair p : all) {
            assertTrue(questions.add(p.question().toLowerCase()), "repeated question: " + p.question());
            perGroup.merge(p.group(), 1, Integer::sum);
            assertEquals(p.group(), groupOfSql.computeIfAbsent(p.sql(), s -> p.group()));
        }
        assertTrue(perGroup.values().stream().allMatch(n -> n <= perQuery), perGroup.toString());
        Set<String> trainGroups = new HashSet<>();
        set.split().train().forEach(p -> trainGroups.add(p.group()));
        assertTrue(set.split().validation().stream().noneMatch(p -> trainGroups.contains(p.group())));
        assertFalse(set.split().validation().isEmpty());
    }

    /** An engine that records what it is asked and answers with a query that runs. */
    private static final class Capturing implements SqlGenerator {
        private GenerationRequest last;

        @Override
        public String modelName() {
            return "capturing";
        }

        @Override
        public Generation generate(GenerationRequest request) {
            last = request;
            return new Generation("SELECT count(*) FROM singer", 1, 1, 1);
        }
    }
}
