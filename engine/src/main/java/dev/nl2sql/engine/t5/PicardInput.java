package dev.nl2sql.engine.t5;

import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.SqlPrompt;
import dev.nl2sql.engine.linking.ValueMatch;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The input the PICARD checkpoints were trained on ("peteshaw" serialisation with database content):
 * {@code question | db_id | table : column , column ( value , value ) , ... | table : ...}, names in lower case, and
 * after a column the database values the question names in it; a follow-up adds its earlier questions after
 * {@code ||}. Their output is {@code db_id | sql}.
 */
public final class PicardInput {

    private PicardInput() {
    }

    /**
     * The input the T5 engine reads for a request: its question, the tables linking described and the values the
     * question names, and in a conversation the earlier questions. Training sets are written with it too, so a model learns from what it will be given.
     */
    public static String forRequest(GenerationRequest request) {
        GenerationRequest.Database db = request.database();
        return serialize(SqlPrompt.questionOf(request.question()), request.conversation().questionsMostRecentFirst(),
                databaseId(db), db.described(), db.values());
    }

    /** The database id a checkpoint expects for a request's database, and writes before its SQL. */
    public static String databaseId(GenerationRequest.Database db) {
        return databaseId(db.key(), db.snapshot().schema().name());
    }

    /** The serialised input for a question over the described tables, with the values matched in them. */
    public static String serialize(String question, String databaseId, DbSchema described, List<ValueMatch> values) {
        return serialize(question, List.of(), databaseId, described, values);
    }

    /**
     * The input of a follow-up question, as PICARD serialises CoSQL and SParC conversations
     * ({@code seq2seq/utils/cosql.py}): the question and the schema as above, then {@code " || "} and the earlier
     * questions, most recent first, separated by {@code " | "}. Only questions: PICARD's conversational input holds
     * no earlier SQL. When the input is longer than the model takes, the oldest questions are cut first.
     */
    public static String serialize(String question, List<String> earlierMostRecentFirst, String databaseId,
            DbSchema described, List<ValueMatch> values) {
        Map<String, List<String>> valuesByColumn = new LinkedHashMap<>();
        for (ValueMatch v : values) {
            List<String> list = valuesByColumn.computeIfAbsent(key(v.table(), v.column()), k -> new ArrayList<>());
            if (!list.contains(v.value())) {
                list.add(v.value());
            }
        }
        StringBuilder sb = new StringBuilder(question.strip()).append(" | ").append(databaseId);
        for (DbTable table : described.tables()) {
            sb.append(" | ").append(lower(table.name())).append(" : ");
            List<DbColumn> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i).name();
                sb.append(i == 0 ? "" : " , ").append(lower(column));
                List<String> named = valuesByColumn.get(key(table.name(), column));
                if (named != null) {
                    sb.append(" ( ").append(String.join(" , ", named)).append(" )");
                }
            }
        }
        if (!earlierMostRecentFirst.isEmpty()) {
            sb.append(" || ").append(String.join(" | ", earlierMostRecentFirst.stream().map(String::strip).toList()));
        }
        return sb.toString();
    }

    /**
     * The database id a PICARD model expects: the name of the database the JDBC URL opens, as Spider names its
     * databases after their files ({@code jdbc:sqlite:/data/concert_singer.sqlite} is {@code concert_singer},
     * {@code jdbc:postgresql://host/shop} is {@code shop}). Falls back to the schema's name.
     */
    public static String databaseId(String jdbcUrl, String schemaName) {
        String fallback = schemaName == null || schemaName.isBlank() ? "db" : lower(schemaName);
        if (jdbcUrl == null) {
            return fallback;
        }
        String url = jdbcUrl;
        int nul = url.indexOf('\u0000');
        if (nul >= 0) {
            url = url.substring(0, nul);
        }
        for (char end : new char[] {'?', ';'}) {
            int at = url.indexOf(end);
            if (at >= 0) {
                url = url.substring(0, at);
            }
        }
        int cut = Math.max(url.lastIndexOf('/'), Math.max(url.lastIndexOf(':'), url.lastIndexOf('\\')));
        String name = url.substring(cut + 1);
        int dot = name.indexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.strip();
        return name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '-')
                ? fallback : lower(name);
    }

    private static String key(String table, String column) {
        return lower(table) + '.' + lower(column);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
