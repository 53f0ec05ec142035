package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Spider-format question files: Spider's own (dev.json, train_spider.json: {db_id, question, query, sql, ...}) and a
 * user's plain {@code [{db_id, question, query}]}, whose hardness is then read from the SQL text.
 */
public final class SpiderDataset {

    /** One question: its position in the file, database, text, gold SQL and official difficulty. */
    public record Question(int index, String dbId, String text, String goldSql, Hardness hardness) {
    }

    private SpiderDataset() {
    }

    public static List<Question> load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a Spider question file (a JSON array of questions).");
        }
        List<Question> questions = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String db = entry.path("db_id").asText(null);
            String text = entry.path("question").asText(null);
            String query = entry.path("query").asText(null);
            if (db == null || text == null || query == null) {
                throw new IOException("Entry " + i + " of " + file + " lacks db_id, question or query.");
            }
            // Spider's own files carry the parsed query; a user's plain file has only the text.
            Hardness hardness = entry.path("sql").isObject() ? Hardness.of(entry.get("sql")) : TextHardness.of(query);
            questions.add(new Question(i, db, text, query, hardness));
        }
        return questions;
    }

    /** The database ids of tables.json (the official schema file), to check a selection against. */
    public static Set<String> schemaIds(Path tablesJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tablesJson.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(tablesJson + " is not a Spider tables file (a JSON array of schemas).");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode schema : root) {
            ids.add(schema.path("db_id").asText());
        }
        return ids;
    }

    /**
     * The questions of a run: those of the given databases (all when none are given), shuffled with {@code seed}
     * when there is one (file order otherwise), then the first {@code limit} (all when null).
     */
    public static List<Question> select(List<Question> all, Set<String> databases, Long seed, Integer limit) {
        List<Question> chosen = new ArrayList<>();
        for (Question q : all) {
            if (databases.isEmpty() || databases.contains(q.dbId())) {
                chosen.add(q);
            }
        }
        if (seed != null) {
            Collections.shuffle(chosen, new Random(seed));
        }
        if (limit != null && limit < chosen.size()) {
            chosen = new ArrayList<>(chosen.subList(0, limit));
        }
        return chosen;
    }

    /** The SQLite file of one database: {@code <dir>/<db_id>/<db_id>.sqlite}. */
    public static Path databaseFile(Path databaseDir, String dbId) {
        return databaseDir.resolve(dbId).resolve(dbId + ".sqlite");
    }
}
