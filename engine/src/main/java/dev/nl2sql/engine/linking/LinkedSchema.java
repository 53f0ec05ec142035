package dev.nl2sql.engine.linking;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.List;

/**
 * What linking chose for one question: a subset of the schema (tables in schema order, each with the columns chosen,
 * and the foreign keys between them), the database values the question names, and the prompt text describing both.
 *
 * @param schema        the tables and columns chosen; {@code SchemaPrompt.render} renders it like any schema
 * @param values        values the question names, in tables and columns of {@code schema}, best first
 * @param description   the schema description and the values section, as the prompt holds them
 * @param whole         true when the whole schema fitted and nothing was left out
 * @param linkingMillis time spent: value matching, ranking, choosing and rendering
 */
public record LinkedSchema(DbSchema schema, List<ValueMatch> values, String description, boolean whole,
        double linkingMillis) {

    public LinkedSchema {
        values = List.copyOf(values);
    }

    public List<String> tableNames() {
        return schema.tables().stream().map(DbTable::name).toList();
    }

    /** {@code table.column} for every column described. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (DbTable t : schema.tables()) {
            for (DbColumn c : t.columns()) {
                names.add(t.name() + "." + c.name());
            }
        }
        return names;
    }

    /** {@code table.column = 'value'} for every value named, quotes in the value doubled. */
    public List<String> valueTexts() {
        return values.stream().map(v -> v.table() + "." + v.column() + " = '" + v.value().replace("'", "''") + "'")
                .toList();
    }
}
