package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memory import|export}: Spider's dev pairs of one database taught through JDBC, asked, and written back. */
class MemoryCommandTest {

    @Test
    void importsSpiderPairsThatAnswerQuestionsAndExportsThem(@TempDir Path dir) throws Exception {
        Path db = Files.copy(SpiderData.databases().resolve("concert_singer/concert_singer.sqlite"),
                dir.resolve("concert_singer.sqlite"));
        String url = "jdbc:nl2sql:sqlite:" + db;
        String store = "jdbc:h2:file:" + dir.resolve("store") + ";AUTO_SERVER=TRUE";
        Path spider = dir.resolve("pairs.json");
        Files.writeString(spider, "[{\"db_id\": \"concert_singer\", \"question\": \"How many singers do we have?\", "
                + "\"query\": \"SELECT count(*) FROM singer\"},"
                + "{\"db_id\": \"concert_singer\", \"question\": \"Remove the singers\", \"query\": \"DELETE FROM singer\"},"
                + "{\"db_id\": \"pets_1\", \"question\": \"How many pets?\", \"query\": \"SELECT count(*) FROM pets\"}]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Bench.run(new String[] {"memory", "import", spider.toString(), "--url", url, "--db-id",
            "concert_singer", "--as", "spider", "-Dnl2sql.memoryUrl=" + store},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status, "one pair is refused: " + err);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("taught 1 pairs, refused 1"), out.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("DELETE"), err.toString());

        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", Files.writeString(dir.resolve("none.tsv"), "").toString());
        p.setProperty("nl2sql.memoryUrl", store);
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: how many singers do we have")) {
            assertTrue(rs.next());
            assertEquals(6, rs.getInt(1));
        }

        Path tsv = dir.resolve("out.tsv");
        assertEquals(0, Bench.run(new String[] {"memory", "export", tsv.toString(), "--url", url,
            "-Dnl2sql.memoryUrl=" + store}, System.out, System.err));
        assertEquals(List.of("How many singers do we have?\tSELECT count(*) FROM singer"), Files.readAllLines(tsv));
        Path json = dir.resolve("out.json");
        assertEquals(0, Bench.run(new String[] {"memory", "export", json.toString(), "--url", url,
            "-Dnl2sql.memoryUrl=" + store}, System.out, System.err));
        JsonNode exported = new ObjectMapper().readTree(json.toFile());
        assertEquals("concert_singer", exported.get(0).get("db_id").asText());
        assertEquals("SELECT count(*) FROM singer", exported.get(0).get("query").asText());
    }
}
