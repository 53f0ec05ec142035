package dev.nl2sql.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The first questions of one database in Spider's dev.json, read without a JSON library (the file is regular). */
final class SpiderQuestions {

    private static final Pattern ENTRY = Pattern.compile(
            "\"db_id\":\\s*\"([^\"]+)\".*?\"question\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.DOTALL);

    private SpiderQuestions() {
    }

    /** A question with its gold SQL. */
    record Gold(String question, String sql) {
    }

    private static final Pattern GOLD = Pattern.compile(
            "\"db_id\":\\s*\"([^\"]+)\",\\s*\"query\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\".*?"
                    + "\"question\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.DOTALL);

    /** Every question of one database in dev.json with its gold SQL, in file order. */
    static List<Gold> gold(String databaseId) throws IOException {
        Matcher m = GOLD.matcher(Files.readString(devJson(databaseId)));
        List<Gold> gold = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(databaseId)) {
                gold.add(new Gold(unescape(m.group(3)), unescape(m.group(2))));
            }
        }
        return gold;
    }

    private static String unescape(String json) {
        return json.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static Path devJson(String databaseId) {
        return TestModels.spiderDatabase(databaseId).getParent().getParent().getParent().resolve("dev.json");
    }

    static List<String> of(String databaseId, int limit) throws IOException {
        Matcher m = ENTRY.matcher(Files.readString(devJson(databaseId)));
        List<String> questions = new ArrayList<>();
        while (m.find() && questions.size() < limit) {
            if (m.group(1).equals(databaseId)) {
                questions.add(unescape(m.group(2)));
            }
        }
        return questions;
    }
}
