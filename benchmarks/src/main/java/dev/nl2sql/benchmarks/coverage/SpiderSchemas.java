package dev.nl2sql.benchmarks.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.JDBCType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spider's schema file (tables.json) as picard schemas: the original table and column names
 * ({@code table_names_original}, {@code column_names_original}), their Spider types, primary and foreign keys.
 */
public final class SpiderSchemas {

    private SpiderSchemas() {
    }

    /** Every schema of the file, by db_id. */
    public static Map<String, DbSchema> load(Path tablesJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tablesJson.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(tablesJson + " is not a Spider tables file (a JSON array of schemas)");
        }
        Map<String, DbSchema> schemas = new LinkedHashMap<>();
        for (JsonNode db : root) {
            schemas.put(db.path("db_id").asText(), schema(db));
        }
        return schemas;
    }

    static DbSchema schema(JsonNode db) {
        List<String> tableNames = texts(db.path("table_names_original"));
        JsonNode columns = db.path("column_names_original");
        JsonNode types = db.path("column_types");
        List<List<DbColumn>> columnsByTable = new ArrayList<>();
        List<List<String>> keysByTable = new ArrayList<>();
        for (int t = 0; t < tableNames.size(); t++) {
            columnsByTable.add(new ArrayList<>());
            keysByTable.add(new ArrayList<>());
        }
        List<String> primaryKeys = new ArrayList<>();
        for (JsonNode key : db.path("primary_keys")) {
            // a composite key is an array of column indexes
            if (key.isArray()) {
                key.forEach(k -> primaryKeys.add(k.asText()));
            } else {
                primaryKeys.add(key.asText());
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            int table = columns.get(c).get(0).asInt();
            if (table < 0) {
                continue; // Spider's column 0 is "*"
            }
            String name = columns.get(c).get(1).asText();
            JDBCType type = type(types.path(c).asText("text"));
            columnsByTable.get(table).add(new DbColumn(name, type, type.getName(), true, null, List.of()));
            if (primaryKeys.contains(String.valueOf(c))) {
                keysByTable.get(table).add(name);
            }
        }
        List<DbTable> tables = new ArrayList<>();
        for (int t = 0; t < tableNames.size(); t++) {
            tables.add(new DbTable(tableNames.get(t), DbTable.Kind.TABLE, null, columnsByTable.get(t),
                    keysByTable.get(t)));
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (JsonNode fk : db.path("foreign_keys")) {
            JsonNode from = columns.get(fk.get(0).asInt());
            JsonNode to = columns.get(fk.get(1).asInt());
            foreignKeys.add(new ForeignKey(tableNames.get(from.get(0).asInt()), List.of(from.get(1).asText()),
                    tableNames.get(to.get(0).asInt()), List.of(to.get(1).asText())));
        }
        return new DbSchema(db.path("db_id").asText(), tables, foreignKeys);
    }

    private static JDBCType type(String spiderType) {
        return switch (spiderType) {
            case "number" -> JDBCType.NUMERIC;
            case "time" -> JDBCType.TIMESTAMP;
            case "boolean" -> JDBCType.BOOLEAN;
            case "text" -> JDBCType.VARCHAR;
            default -> JDBCType.OTHER;
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
