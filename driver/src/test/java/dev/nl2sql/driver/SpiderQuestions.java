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

    static List<String> of(String databaseId, int limit) throws IOException {
        Path dev = TestModels.spiderDatabase(databaseId).getParent().getParent().getParent().resolve("dev.json");
        Matcher m = ENTRY.matcher(Files.readString(dev));
        List<String> questions = new ArrayList<>();
        while (m.find() && questions.size() < limit) {
            if (m.group(1).equals(databaseId)) {
                questions.add(m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return questions;
    }
}
