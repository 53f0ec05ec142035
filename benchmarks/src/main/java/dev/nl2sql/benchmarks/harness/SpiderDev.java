package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.coverage.SpiderSchemas;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schemas of Spider's databases (tables.json) as linking's measurement reads them: names as stored. */
final class SpiderDev {

    /** A database's tables (as stored) with their columns (as stored), and which columns hold text. */
    record Schema(Map<String, List<String>> columns, Map<String, List<String>> textColumns) {
    }

    private SpiderDev() {
    }

    static Map<String, Schema> schemas(Path tablesJson) throws IOException {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (Map.Entry<String, DbSchema> db : SpiderSchemas.load(tablesJson).entrySet()) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            Map<String, List<String>> text = new LinkedHashMap<>();
            for (DbTable t : db.getValue().tables()) {
                columns.put(t.name(), t.columns().stream().map(DbColumn::name).toList());
                text.put(t.name(), t.columns().stream().filter(DbColumn::isText).map(DbColumn::name).toList());
            }
            schemas.put(db.getKey(), new Schema(columns, text));
        }
        return schemas;
    }
}
