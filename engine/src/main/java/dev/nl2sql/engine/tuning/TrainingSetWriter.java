package dev.nl2sql.engine.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.engine.Conversation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.QuestionPrompts;
import dev.nl2sql.engine.memory.Knowledge;
import dev.nl2sql.engine.t5.PicardInput;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a training set in the three forms tools read, under one folder:
 * <pre>
 * t5/train.jsonl, t5/validation.jsonl       {"input", "target", "question", "sql", "db_id", "group"} per line
 * chat/train.jsonl, chat/validation.jsonl   {"messages": [system, user, assistant]} per line
 * spider/train.json, spider/dev.json        [{"db_id", "question", "query"}], with spider/tables.json
 * dataset.json                              the card: database, fingerprint, sizes per split and shape, seed
 * </pre>
 * The T5 input is what the T5 engine serialises for the question at answer time, and the chat turns are what a chat
 * model is given: both come from {@link QuestionPrompts}, the answer path's own code, with the connection's settings
 * and memory. The T5 target is {@code db_id | sql}, as the PICARD checkpoints were trained.
 */
public final class TrainingSetWriter {

    private static final long PROMPT_TIMEOUT_MILLIS = 60_000;

    private final ObjectMapper json = new ObjectMapper();

    /** Writes the set made from {@code source} under {@code dir}; returns the files written. */
    public List<Path> write(TrainingSet set, TuningSource source, Path dir) throws SQLException, IOException {
        QuestionPrompts prompts = new QuestionPrompts(source.settings());
        QuestionPrompts.SchemaContext schema = prompts.schema(source.connection(), source.databaseKey());
        Knowledge known = source.memory() == null ? Knowledge.EMPTY : source.memory().knowledge(schema.snapshot());
        List<Path> written = new ArrayList<>();
        Map<String, List<TrainingPair>> splits = Map.of("train", set.split().train(),
                "validation", set.split().validation());
        for (String name : List.of("train", "validation")) {
            List<String> t5 = new ArrayList<>();
            List<String> chat = new ArrayList<>();
            ArrayNode spider = json.createArrayNode();
            for (TrainingPair pair : splits.get(name)) {
                QuestionPrompts.Prompt prompt = prompts.prompt(pair.question(), Conversation.NONE, schema, source.connection(), known,
                        source.memory());
                GenerationRequest request = new GenerationRequest(prompt.system(), prompt.user(), schema.grammar(),
                        GenerationControl.withTimeout(PROMPT_TIMEOUT_MILLIS), List.of(), 0, prompt.database(schema));
                t5.add(json.writeValueAsString(t5Line(set, pair, request)));
                chat.add(json.writeValueAsString(chatLine(pair, request)));
                spider.add(json.createObjectNode().put("db_id", set.databaseId()).put("question", pair.question())
                        .put("query", pair.sql()));
            }
            written.add(lines(dir.resolve("t5").resolve(name + ".jsonl"), t5));
            written.add(lines(dir.resolve("chat").resolve(name + ".jsonl"), chat));
            written.add(document(dir.resolve("spider").resolve(name.equals("train") ? "train.json" : "dev.json"),
                    spider));
        }
        written.add(document(dir.resolve("spider").resolve("tables.json"),
                json.createArrayNode().add(spiderTables(set.databaseId(), schema.snapshot().schema()))));
        written.add(document(dir.resolve("dataset.json"), card(set)));
        return written;
    }

    private ObjectNode t5Line(TrainingSet set, TrainingPair pair, GenerationRequest request) {
        return json.createObjectNode().put("input", PicardInput.forRequest(request))
                .put("target", set.databaseId() + " | " + pair.sql()).put("question", pair.question())
                .put("sql", pair.sql()).put("db_id", set.databaseId()).put("group", pair.group());
    }

    private ObjectNode chatLine(TrainingPair pair, GenerationRequest request) {
        ObjectNode line = json.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        if (!request.systemPrompt().isEmpty()) { // the baseline pipeline has no system turn
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        messages.addObject().put("role", "user").put("content", request.userMessage());
        messages.addObject().put("role", "assistant").put("content", pair.sql());
        return line;
    }

    /** The schema in Spider's tables.json form, which the benchmark harness reads beside the questions. */
    private ObjectNode spiderTables(String databaseId, DbSchema schema) {
        ObjectNode db = json.createObjectNode().put("db_id", databaseId);
        ArrayNode tableNames = db.putArray("table_names_original");
        ArrayNode tableWords = db.putArray("table_names");
        ArrayNode columnNames = db.putArray("column_names_original");
        ArrayNode columnWords = db.putArray("column_names");
        ArrayNode types = db.putArray("column_types");
        ArrayNode primaryKeys = db.putArray("primary_keys");
        ArrayNode foreignKeys = db.putArray("foreign_keys");
        columnNames.addArray().add(-1).add("*");
        columnWords.addArray().add(-1).add("*");
        types.add("text");
        List<String> index = new ArrayList<>(List.of("*"));
        List<DbTable> tables = schema.tables();
        for (int t = 0; t < tables.size(); t++) {
            DbTable table = tables.get(t);
            tableNames.add(table.name());
            tableWords.add(Nouns.words(table.name()));
            for (DbColumn column : table.columns()) {
                columnNames.addArray().add(t).add(column.name());
                columnWords.addArray().add(t).add(Nouns.words(column.name()));
                types.add(column.isNumeric() ? "number" : column.isTemporal() ? "time" : column.isText() ? "text"
                        : "others");
                index.add(key(table.name(), column.name()));
            }
            for (String pk : table.primaryKey()) {
                primaryKeys.add(index.indexOf(key(table.name(), pk)));
            }
        }
        for (ForeignKey fk : schema.foreignKeys()) {
            for (int i = 0; i < fk.fromColumns().size(); i++) {
                int from = index.indexOf(key(fk.fromTable(), fk.fromColumns().get(i)));
                int to = index.indexOf(key(fk.toTable(), fk.toColumns().get(i)));
                if (from > 0 && to > 0) {
                    foreignKeys.addArray().add(from).add(to);
                }
            }
        }
        return db;
    }

    private ObjectNode card(TrainingSet set) {
        ObjectNode card = json.createObjectNode().put("db_id", set.databaseId()).put("product", set.product())
                .put("schema_fingerprint", set.fingerprint()).put("seed", set.seed())
                .put("validation_fraction", set.validation());
        ObjectNode splits = card.putObject("splits");
        for (Map.Entry<String, List<TrainingPair>> split : List.of(Map.entry("train", set.split().train()),
                Map.entry("validation", set.split().validation()))) {
            ObjectNode s = splits.putObject(split.getKey()).put("pairs", split.getValue().size())
                    .put("queries", TrainingSet.queries(split.getValue()));
            ObjectNode shapes = s.putObject("shapes");
            TrainingSet.perShape(split.getValue())
                    .forEach((shape, n) -> shapes.put(shape.name().toLowerCase(Locale.ROOT), n));
        }
        card.putObject("generated").put("queries_written", set.queriesWritten())
                .put("queries_dropped", set.queriesDropped());
        card.putObject("memory").put("pairs", set.memoryPairs()).put("pairs_left_out", set.memoryDropped())
                .put("notes", set.memoryNotes());
        return card;
    }

    private Path lines(Path file, List<String> lines) throws IOException {
        prepare(file, lines.stream().mapToLong(l -> l.length() + 1L).sum());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        return file;
    }

    private Path document(Path file, Object node) throws IOException {
        byte[] bytes = json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(node);
        prepare(file, bytes.length);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        return file;
    }

    /** Creates the file's folder and refuses early, with the path named, where the disk cannot hold the file. */
    private static void prepare(Path file, long bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < bytes) {
            throw new IOException("Cannot write " + file + ": it needs " + bytes + " bytes and the disk has " + free
                    + " free. Free some space, or choose an output folder on another disk (--out).");
        }
    }

    private static IOException cannotWrite(Path file, IOException e) {
        return new IOException("Cannot write " + file + " (" + e + "). Choose an output folder you can write to "
                + "and that has free space (--out).", e);
    }

    private static String key(String table, String column) {
        return table.toLowerCase(Locale.ROOT) + '.' + column.toLowerCase(Locale.ROOT);
    }
}
