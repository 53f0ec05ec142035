package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hardness from SQL text, checked against the official labels of Spider dev, and a user's plain question file. */
class TextHardnessTest {

    @Test
    void agreesWithTheOfficialLabelsOnSpiderDev() throws Exception {
        List<SpiderDataset.Question> dev = SpiderDataset.load(SpiderData.devJson());
        int same = 0;
        int unknown = 0;
        for (SpiderDataset.Question q : dev) {
            Hardness text = TextHardness.of(q.goldSql());
            if (text == Hardness.UNKNOWN) {
                unknown++;
            } else if (text == q.hardness()) {
                same++;
            }
        }
        double agreement = (double) same / (dev.size() - unknown);
        assertTrue(unknown < dev.size() / 50, "unknown: " + unknown);
        assertTrue(agreement > 0.95, "agreement with the official labels: " + agreement);
    }

    @Test
    void examples() {
        assertEquals(Hardness.EASY, TextHardness.of("SELECT count(*) FROM singer"));
        assertEquals(Hardness.MEDIUM, TextHardness.of("SELECT name, age FROM singer WHERE age > 20"));
        assertEquals(Hardness.HARD, TextHardness.of("SELECT name FROM singer WHERE age > (SELECT avg(age) FROM singer)"));
        assertEquals(Hardness.EXTRA, TextHardness.of("SELECT T1.name, count(*) FROM a AS T1 JOIN b AS T2 ON T1.id = "
                + "T2.id GROUP BY T1.name ORDER BY count(*) DESC LIMIT 1"));
        assertEquals(Hardness.UNKNOWN, TextHardness.of("SELECT CASE WHEN x > 1 THEN 'a' ELSE 'b' END FROM t"));
    }

    @Test
    void readsAPlainQuestionFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, "[{\"db_id\": \"concert_singer\", \"question\": \"How many singers?\", "
                + "\"query\": \"SELECT count(*) FROM singer\"}]", StandardCharsets.UTF_8);
        List<SpiderDataset.Question> questions = SpiderDataset.load(file);
        assertEquals(1, questions.size());
        assertEquals("concert_singer", questions.get(0).dbId());
        assertEquals(Hardness.EASY, questions.get(0).hardness());
    }
}
