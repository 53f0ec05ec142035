package dev.nl2sql.benchmarks.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One question of a Spider-format question file: its position, database, text and gold SQL. */
public record GoldQuery(int index, String dbId, String question, String sql) {

    /** The questions of a Spider-format file (dev.json, train_spider.json). */
    public static List<GoldQuery> load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a Spider question file (a JSON array of questions)");
        }
        List<GoldQuery> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode q = root.get(i);
            out.add(new GoldQuery(i, q.path("db_id").asText(), q.path("question").asText(),
                    q.path("query").asText()));
        }
        return out;
    }
}
