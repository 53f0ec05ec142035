package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON report of the predictions command: per file the counts, the lost and rescued answers, lost by cause. */
final class PredictionsReport {

    private PredictionsReport() {
    }

    static ObjectNode json(Path questions, Path databaseDir, String target, int selected, Map<String, Integer> missing,
            ArrayNode goldErrors, int evaluated, List<PredictionReplay.Result> results, double seconds) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("questions_file", questions.toString());
        root.put("database_dir", databaseDir.toString());
        root.put("driver_target", target == null ? "the SQLite files" : target);
        root.put("selected", selected);
        ObjectNode skipped = root.putObject("skipped_missing_database");
        missing.forEach(skipped::put);
        root.set("gold_errors", goldErrors);
        root.put("evaluated", evaluated);
        root.put("rules", "direct: the predicted SQL as written on a read-only SQLite connection; driver: NL: "
                + "[index] question through jdbc:nl2sql with nl2sql.engine=replay, nl2sql.attempts=1; both compared "
                + "with the gold result by ResultComparison (the spider command's rules: where either result holds "
                + "binary floating values, numbers that are not integers are compared at 12 significant digits; "
                + "with --target-url, row order counts only when the gold's outermost query has ORDER BY)");
        root.put("wall_seconds", Math.round(seconds * 10) / 10.0);
        ArrayNode files = root.putArray("files");
        for (PredictionReplay.Result r : results) {
            ObjectNode f = files.addObject();
            f.put("file", r.name());
            f.put("questions", r.questions());
            f.put("correct_direct", r.correctDirect());
            f.put("correct_driver", r.correctDriver());
            f.put("lost", r.lost().size());
            f.put("rescued", r.rescued().size());
            f.put("correct_both", r.bothCorrect());
            f.put("correct_neither", r.neitherCorrect());
            f.put("seconds", Math.round(r.seconds() * 10) / 10.0);
            ObjectNode causes = f.putObject("lost_by_cause");
            causes(r.lost()).forEach(causes::put);
            ObjectNode classes = f.putObject("lost_by_class");
            classes(r.lost()).forEach(classes::put);
            differences(f.putArray("lost_answers"), r.lost());
            differences(f.putArray("rescued_answers"), r.rescued());
        }
        return root;
    }

    /** Lost answers counted by the driver's message with its quoted names and numbers blanked, so alike ones group. */
    static Map<String, Integer> causes(List<PredictionReplay.Difference> differences) {
        Map<String, Integer> causes = new TreeMap<>();
        for (PredictionReplay.Difference d : differences) {
            causes.merge(cause(d), 1, Integer::sum);
        }
        return causes;
    }

    /** Lost answers counted by {@link DifferenceCause}'s class. */
    static Map<String, Integer> classes(List<PredictionReplay.Difference> differences) {
        Map<String, Integer> classes = new TreeMap<>();
        for (PredictionReplay.Difference d : differences) {
            classes.merge(d.cause(), 1, Integer::sum);
        }
        return classes;
    }

    static String cause(PredictionReplay.Difference d) {
        String message = d.message() == null ? "" : d.message();
        int advice = message.indexOf(". Rephrase"); // the driver's advice and the echoed SQL say nothing of the cause
        if (advice >= 0) {
            message = message.substring(0, advice);
        }
        message = message.replaceFirst("^The model's SQL for this question cannot run: ", "");
        String general = message.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"")
                .replaceAll("`[^`]*`", "`…`").replaceAll("\\d+", "N");
        return (d.sqlState() == null ? "" : "[" + d.sqlState() + "] ") + general;
    }

    private static void differences(ArrayNode array, List<PredictionReplay.Difference> differences) {
        for (PredictionReplay.Difference d : differences) {
            ObjectNode o = array.addObject();
            o.put("index", d.index());
            o.put("db", d.dbId());
            o.put("question", d.question());
            o.put("predicted_sql", d.predictedSql());
            if (d.driverSql() != null) {
                o.put("driver_sql", d.driverSql());
            }
            o.put("sql_state", d.sqlState());
            o.put("message", d.message());
            o.put("cause_class", d.cause());
        }
    }
}
