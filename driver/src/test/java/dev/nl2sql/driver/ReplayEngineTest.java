package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nl2sql.engine=replay: predictions made elsewhere run through the same path as a model's answers. Replaying Spider's
 * own gold SQL must give the gold answer for every question.
 */
class ReplayEngineTest {

    @ParameterizedTest
    @ValueSource(strings = {"battle_death", "car_1", "concert_singer", "course_teach", "cre_Doc_Template_Mgt",
        "dog_kennels", "employee_hire_evaluation", "flight_2", "museum_visit", "network_1", "orchestra", "pets_1",
        "poker_player", "real_estate_properties", "singer", "student_transcripts_tracking", "tvshow", "voter_1", "world_1"})
    void replayingTheGoldSqlGivesTheGoldAnswers(String databaseId, @TempDir Path dir) throws Exception {
        List<SpiderQuestions.Gold> gold = SpiderQuestions.gold(databaseId);
        assertTrue(gold.size() >= 4, "questions of " + databaseId + ": " + gold.size());
        Path replay = dir.resolve("gold.tsv");
        Files.write(replay, gold.stream().map(g -> g.question() + "\t" + g.sql().replace('\t', ' '))
                .collect(Collectors.toList()), StandardCharsets.UTF_8);
        Path file = TestModels.spiderDatabase(databaseId);
        List<String> wrong = new ArrayList<>();
        try (Connection direct = DriverManager.getConnection("jdbc:sqlite:" + file);
             Connection nl = DriverManager.getConnection("jdbc:nl2sql:sqlite:" + file, replay(replay))) {
            for (SpiderQuestions.Gold g : gold) {
                boolean ordered = g.sql().toUpperCase(Locale.ROOT).contains("ORDER BY");
                List<String> expected = rows(direct, g.sql(), ordered);
                try {
                    List<String> actual = rows(nl, "NL: " + g.question(), ordered);
                    if (!expected.equals(actual)) {
                        wrong.add(g.question() + " | " + g.sql() + " | expected " + expected + " got " + actual);
                    }
                } catch (SQLException e) {
                    wrong.add(g.question() + " | " + g.sql() + " | " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong, wrong.size() + " of " + gold.size() + " gold queries do not replay");
    }

    @Test
    void aQuestionThatIsNotInTheFileIsAnSqlException(@TempDir Path dir) throws Exception {
        Path replay = Files.writeString(dir.resolve("one.tsv"), "How many singers do we have?\tSELECT count(*) FROM singer\n");
        Path file = TestModels.spiderDatabase("concert_singer");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:sqlite:" + file, replay(replay));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("NL:   How many   singers do we have?")) {
                assertTrue(rs.next());
                assertEquals(6, rs.getInt(1));
            }
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: How many stadiums?"));
            assertEquals("42000", e.getSQLState());
            assertTrue(e.getMessage().contains("not in the replay file"), e.getMessage());
        }
    }

    private static Properties replay(Path file) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", file.toString());
        return p;
    }

    /** The rows as text, sorted unless the query orders them (Spider's rule: order matters only with ORDER BY). */
    private static List<String> rows(Connection c, String sql, boolean ordered) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        if (!ordered) {
            rows.sort(null);
        }
        return rows;
    }
}
