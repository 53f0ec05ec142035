package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spider's dev questions (dev.json) and the schemas of their databases (tables.json), with names as stored. */
final class SpiderDev {

    /** One dev question with its gold query. */
    record Question(String db, String question, String query) {
    }

    /** A database's tables (as stored) with their columns (as stored), and which columns hold text. */
    record Schema(Map<String, List<String>> columns, Map<String, List<String>> textColumns) {
    }

    private SpiderDev() {
    }

    static List<Question> questions(Path devJson) throws IOException {
        List<Question> questions = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(devJson.toFile())) {
            questions.add(new Question(entry.get("db_id").asText(), entry.get("question").asText(),
                    entry.get("query").asText()));
        }
        return questions;
    }

    static Map<String, Schema> schemas(Path tablesJson) throws IOException {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (JsonNode db : new ObjectMapper().readTree(tablesJson.toFile())) {
            List<String> tables = new ArrayList<>();
            db.get("table_names_original").forEach(t -> tables.add(t.asText()));
            Map<String, List<String>> columns = new LinkedHashMap<>();
            Map<String, List<String>> text = new LinkedHashMap<>();
            tables.forEach(t -> {
                columns.put(t, new ArrayList<>());
                text.put(t, new ArrayList<>());
            });
            JsonNode names = db.get("column_names_original");
            JsonNode types = db.get("column_types");
            for (int i = 0; i < names.size(); i++) {
                int table = names.get(i).get(0).asInt();
                if (table < 0) {
                    continue; // "*"
                }
                String column = names.get(i).get(1).asText();
                columns.get(tables.get(table)).add(column);
                if ("text".equals(types.get(i).asText())) {
                    text.get(tables.get(table)).add(column);
                }
            }
            schemas.put(db.get("db_id").asText(), new Schema(columns, text));
        }
        return schemas;
    }
}
