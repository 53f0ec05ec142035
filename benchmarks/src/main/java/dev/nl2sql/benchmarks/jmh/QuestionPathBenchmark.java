package dev.nl2sql.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.linking.LinkedSchema;
import dev.nl2sql.engine.linking.SchemaLinker;
import dev.nl2sql.engine.linking.ValueIndex;
import dev.nl2sql.engine.linking.ValueIndexCache;
import dev.nl2sql.engine.schema.SchemaCache;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.sql.CheckedSql;
import dev.nl2sql.engine.sql.SqlCheckException;
import dev.nl2sql.engine.sql.SqlChecker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Everything a question costs apart from the model, on a warm connection: Spider dev questions of one database
 * answered by the replay engine (its "model" is a map lookup), through JDBC ({@code explain}: {@code EXPLAIN NL:},
 * the SQL only; {@code answer}: {@code NL:}, the SQL run and its rows read), and the engine's stages alone, as the
 * translator calls them: the schema cache ({@code schemaCache}: a hit, as every question after the first),
 * linking with value matching and the linked description's rendering ({@code linking}), and Calcite's check with
 * the rendering in the database's dialect ({@code check}). One thread doing CPU work, so time per operation is CPU
 * time; the whole question minus its stages is the driver's share. Target: at most 5 ms per question.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the driver logs every answer at INFO; a program that keeps that on pays for its log too
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.log.dev.nl2sql=warn"})
public class QuestionPathBenchmark {

    @Param({"concert_singer", "world_1"})
    public String db;

    /** Which of the database's dev questions (in dev.json's order); a higher one is usually harder. */
    @Param({"0", "12", "30"})
    public int question;

    private Path replay;
    private Connection nl2sql;
    private Connection plain;
    private Statement statement;
    private String text;
    private String gold;
    private String cacheKey;
    private SchemaSnapshot snapshot;
    private SchemaLinker linker;
    private ValueIndex values;
    private SqlChecker checker;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        Path spider = BenchData.spiderDir();
        List<JsonNode> questions = new ArrayList<>();
        for (JsonNode q : new ObjectMapper().readTree(spider.resolve("dev.json").toFile())) {
            if (q.get("db_id").asText().equals(db)) {
                questions.add(q);
            }
        }
        text = questions.get(question).get("question").asText().strip();
        gold = questions.get(question).get("query").asText().strip();
        replay = Files.createTempFile("question-path", ".tsv");
        Files.writeString(replay, text + "\t" + gold + "\n", StandardCharsets.UTF_8);
        String sqlite = "jdbc:sqlite:" + spider.resolve("database").resolve(db).resolve(db + ".sqlite").toAbsolutePath()
                + "?open_mode=1";
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());
        p.setProperty("nl2sql.memory", "off");
        p.setProperty("nl2sql.conversation", "off");
        nl2sql = DriverManager.getConnection("jdbc:nl2sql:" + sqlite, p);
        statement = nl2sql.createStatement();
        explain(); // the first question reads the schema and the values, and builds the grammar and the checker
        plain = DriverManager.getConnection(sqlite);
        cacheKey = "question-path:" + db;
        snapshot = SchemaCache.shared().get(cacheKey, plain);
        linker = new SchemaLinker(snapshot.schema(), snapshot.style());
        values = ValueIndexCache.shared().get(cacheKey, snapshot, plain);
        checker = new SqlChecker(snapshot.schema(), snapshot.style());
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        statement.close();
        nl2sql.close();
        plain.close();
        Files.deleteIfExists(replay);
    }

    @Benchmark
    public String explain() throws SQLException {
        try (ResultSet rs = statement.executeQuery("EXPLAIN NL: " + text)) {
            rs.next();
            return rs.getString("sql");
        }
    }

    @Benchmark
    public void answer(Blackhole rows) throws SQLException {
        try (ResultSet rs = statement.executeQuery("NL: " + text)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rows.consume(rs.getObject(c));
                }
            }
        }
    }

    @Benchmark
    public SchemaSnapshot schemaCache() throws SQLException {
        return SchemaCache.shared().get(cacheKey, plain);
    }

    @Benchmark
    public LinkedSchema linking() {
        return linker.link(text, List.of(), values, 6000);
    }

    @Benchmark
    public CheckedSql check() throws SqlCheckException {
        return checker.check(gold);
    }
}
