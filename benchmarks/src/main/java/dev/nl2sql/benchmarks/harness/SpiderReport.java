package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JSON and Markdown reports of a {@code spider} run (keys explained in benchmarks/README.md). */
final class SpiderReport {

    /** A gold query that failed on its own database: left out of the evaluated questions. */
    record GoldError(Question question, String error) {
    }

    private static final int WRONG_ANSWERS_SHOWN = 20;

    private final SpiderOptions options;
    private final Map<String, String> settings;
    private final String engine;
    private final String model;
    private final int selected;
    private final Map<String, Integer> skipped;
    private final List<GoldError> goldErrors;
    private final Set<String> notInTables;
    private final Map<String, List<Outcome>> outcomes;
    private final Map<String, PipelineStats> stats = new LinkedHashMap<>();
    private final Instant startedAt;
    private final double wallSeconds;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    SpiderReport(SpiderOptions options, Map<String, String> settings, String engine, String model, int selected,
            Map<String, Integer> skipped, List<GoldError> goldErrors, Set<String> notInTables,
            Map<String, List<Outcome>> outcomes, Instant startedAt, double wallSeconds) {
        this.options = options;
        this.settings = settings;
        this.engine = engine;
        this.model = model;
        this.selected = selected;
        this.skipped = skipped;
        this.goldErrors = goldErrors;
        this.notInTables = notInTables;
        this.outcomes = outcomes;
        this.startedAt = startedAt;
        this.wallSeconds = wallSeconds;
        outcomes.forEach((pipeline, list) -> stats.put(pipeline, PipelineStats.of(pipeline, selected, list)));
    }

    PipelineStats stats(String pipeline) {
        return stats.get(pipeline);
    }

    private String headline() {
        return options.headline();
    }

    private int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    String json() {
        ObjectNode root = mapper.createObjectNode();
        PipelineStats head = stats.get(headline());
        root.put("pipeline", headline());
        figures(root, head);
        ObjectNode pipelines = root.putObject("pipelines");
        stats.forEach((name, s) -> figures(pipelines.putObject(name), s));
        ObjectNode skip = root.putObject("skipped");
        skip.put("count", skippedCount());
        ArrayNode dbs = skip.putArray("databases");
        skipped.keySet().forEach(dbs::add);
        ObjectNode perDb = skip.putObject("questions_by_database");
        skipped.forEach(perDb::put);
        ObjectNode gold = root.putObject("gold_errors");
        gold.put("count", goldErrors.size());
        ArrayNode goldList = gold.putArray("questions");
        for (GoldError g : goldErrors) {
            ObjectNode e = goldList.addObject();
            e.put("index", g.question().index());
            e.put("db_id", g.question().dbId());
            e.put("question", g.question().text());
            e.put("query", g.question().goldSql());
            e.put("error", g.error());
        }
        ObjectNode set = root.putObject("settings");
        set.put("engine", engine);
        set.put("model", model);
        ArrayNode models = set.putArray("models_reported");
        outcomes.values().stream().flatMap(List::stream).map(Outcome::model).filter(m -> m != null).distinct()
                .forEach(models::add);
        ObjectNode props = set.putObject("properties");
        settings.forEach(props::put);
        set.put("timeout_seconds", options.timeoutSeconds());
        set.put("warm_up", options.warmUp());
        ArrayNode pl = set.putArray("pipelines");
        options.pipelines().forEach(pl::add);
        if (options.limit() == null) {
            set.putNull("limit");
        } else {
            set.put("limit", options.limit());
        }
        if (options.seed() == null) {
            set.putNull("seed");
        } else {
            set.put("seed", options.seed());
        }
        ArrayNode sel = set.putArray("databases");
        options.databases().forEach(sel::add);
        ObjectNode dataset = root.putObject("dataset");
        dataset.put("questions", options.questions().toString());
        dataset.put("tables", options.tables().toString());
        dataset.put("db_dir", options.databaseDir().toString());
        ArrayNode missingSchemas = dataset.putArray("databases_not_in_tables");
        notInTables.forEach(missingSchemas::add);
        root.put("started_at", startedAt.toString());
        root.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        root.set("answers", answers());
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void figures(ObjectNode node, PipelineStats s) {
        node.put("questions", s.questions());
        node.put("evaluated", s.evaluated());
        node.put("correct", s.correct());
        node.put("valid", s.valid());
        put(node, "execution_accuracy", s.executionAccuracy());
        put(node, "valid_sql_rate", s.validSqlRate());
        ObjectNode hardness = node.putObject("by_hardness");
        s.byHardness().forEach((h, b) -> {
            ObjectNode o = hardness.putObject(h.label());
            o.put("count", b.count());
            put(o, "execution_accuracy", b.executionAccuracy());
            put(o, "valid_sql_rate", b.validSqlRate());
        });
        ObjectNode latency = node.putObject("latency_ms");
        put(latency, "p50", round(s.p50Millis()));
        put(latency, "p95", round(s.p95Millis()));
        put(latency, "mean", round(s.meanMillis()));
        ObjectNode tokens = node.putObject("tokens");
        tokens.put("answers_reporting", s.costReported());
        ObjectNode prompt = tokens.putObject("prompt");
        put(prompt, "mean", round(s.meanPromptTokens()));
        prompt.put("total", s.promptTokens());
        ObjectNode generated = tokens.putObject("generated");
        put(generated, "mean", round(s.meanGeneratedTokens()));
        generated.put("total", s.generatedTokens());
        ObjectNode attempts = node.putObject("attempts");
        put(attempts, "mean", round(s.meanAttempts()));
        ObjectNode generation = node.putObject("generation_ms");
        put(generation, "mean", round(s.meanGenerationMillis()));
    }

    /** Every evaluated question with each pipeline's answer, in the order they ran. */
    private ArrayNode answers() {
        ArrayNode list = mapper.createArrayNode();
        Map<Integer, ObjectNode> byIndex = new LinkedHashMap<>();
        outcomes.forEach((pipeline, answers) -> {
            for (Outcome o : answers) {
                Question q = o.question();
                ObjectNode entry = byIndex.computeIfAbsent(q.index(), i -> {
                    ObjectNode e = list.addObject();
                    e.put("index", q.index());
                    e.put("db_id", q.dbId());
                    e.put("hardness", q.hardness().label());
                    e.put("question", q.text());
                    e.put("gold", q.goldSql());
                    return e;
                });
                ObjectNode a = entry.putObject(pipeline);
                a.put("correct", o.correct());
                a.put("valid", o.valid());
                a.put("latency_ms", round(o.latencyMillis()));
                a.put("sql", o.sql());
                a.put("rows", o.rows());
                a.put("reason", o.reason());
                if (o.reportedCost()) {
                    a.put("prompt_tokens", o.promptTokens());
                    a.put("generated_tokens", o.generatedTokens());
                    a.put("attempts", o.attempts());
                    a.put("generation_ms", o.generationMillis());
                }
            }
        });
        return list;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        PipelineStats head = stats.get(headline());
        md.append("# Spider execution accuracy\n\n");
        md.append(String.format(Locale.ROOT, "Run started %s, %.1f s. Engine `%s`, model `%s`. %d questions selected "
                + "from `%s`, %d evaluated, %d skipped (missing databases), %d left out (gold query failed).%n%n",
                startedAt, wallSeconds, engine, model == null ? "(none)" : model, selected, options.questions(),
                head.evaluated(), skippedCount(), goldErrors.size()));
        md.append("| pipeline | evaluated | EX | valid SQL | p50 latency | p95 latency | prompt tokens (mean) "
                + "| generated tokens (mean) | attempts (mean) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String pipeline : summaryOrder()) {
            PipelineStats s = stats.get(pipeline);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s ms | %s ms | %s | %s | %s |%n", pipeline,
                    s.evaluated(), fixed(s.executionAccuracy(), 3), fixed(s.validSqlRate(), 3),
                    fixed(s.p50Millis(), 0), fixed(s.p95Millis(), 0), fixed(s.meanPromptTokens(), 1),
                    fixed(s.meanGeneratedTokens(), 1), fixed(s.meanAttempts(), 2)));
        }
        md.append("\nEX: execution accuracy by the test-suite rules (benchmarks/README.md); valid SQL: share of "
                + "answers whose SQL ran without error. Latency: `executeQuery` plus reading all rows.\n\n");
        md.append("## By hardness\n\n| hardness | count |");
        for (String pipeline : summaryOrder()) {
            md.append(" ").append(pipeline).append(" EX | ").append(pipeline).append(" valid |");
        }
        md.append("\n| --- | ---: |");
        md.append(" ---: | ---: |".repeat(summaryOrder().size()));
        md.append('\n');
        for (Hardness h : Hardness.values()) {
            if (h == Hardness.UNKNOWN && head.byHardness().get(h).count() == 0) {
                continue; // Spider's own files always have a hardness; only a plain file can have unknown ones
            }
            md.append("| ").append(h.label()).append(" | ").append(head.byHardness().get(h).count()).append(" |");
            for (String pipeline : summaryOrder()) {
                PipelineStats.Bucket b = stats.get(pipeline).byHardness().get(h);
                md.append(' ').append(fixed(b.executionAccuracy(), 3)).append(" | ")
                        .append(fixed(b.validSqlRate(), 3)).append(" |");
            }
            md.append('\n');
        }
        md.append("\n## Skipped databases\n\n");
        if (skipped.isEmpty()) {
            md.append("None.\n");
        } else {
            skipped.forEach((db, n) -> md.append("- `").append(db).append("`: ").append(n)
                    .append(" questions (no ").append(db).append(".sqlite under `").append(options.databaseDir())
                    .append("`)\n"));
        }
        if (!goldErrors.isEmpty()) {
            md.append("\n## Gold queries that failed (left out)\n\n");
            for (GoldError g : goldErrors) {
                md.append("- ").append(g.question().dbId()).append(" #").append(g.question().index()).append(": `")
                        .append(inline(g.question().goldSql())).append("`: ").append(inline(g.error())).append('\n');
            }
        }
        List<Outcome> wrong = new ArrayList<>();
        for (Outcome o : outcomes.get(headline())) {
            if (!o.correct()) {
                wrong.add(o);
            }
        }
        md.append("\n## Wrong answers (").append(headline()).append(" pipeline")
                .append(wrong.size() > WRONG_ANSWERS_SHOWN ? ", first " + WRONG_ANSWERS_SHOWN + " of " + wrong.size()
                        : ", " + wrong.size())
                .append(")\n\n");
        if (wrong.isEmpty()) {
            md.append("None.\n");
        }
        int n = 0;
        for (Outcome o : wrong.subList(0, Math.min(WRONG_ANSWERS_SHOWN, wrong.size()))) {
            Question q = o.question();
            md.append(++n).append(". **").append(inline(q.text())).append("** (").append(q.dbId()).append(", ")
                    .append(q.hardness().label()).append(")\n");
            md.append("   - gold: `").append(inline(q.goldSql())).append("`\n");
            md.append("   - predicted: ").append(o.sql() == null ? "(none)" : "`" + inline(o.sql()) + "`")
                    .append('\n');
            md.append("   - reason: ").append(inline(o.reason())).append('\n');
        }
        md.append("\n## Settings\n\n");
        settings.forEach((k, v) -> md.append("- `").append(k).append("` = `").append(inline(v)).append("`\n"));
        md.append(String.format(Locale.ROOT, "- timeout %d s per question; pipelines %s; limit %s; seed %s; "
                + "databases %s%n", options.timeoutSeconds(), String.join(",", options.pipelines()),
                options.limit() == null ? "none" : options.limit(), options.seed() == null ? "none" : options.seed(),
                options.databases().isEmpty() ? "all" : String.join(",", options.databases())));
        return md.toString();
    }

    /** Baseline first, then full: the comparison reads left to right, top to bottom. */
    private List<String> summaryOrder() {
        List<String> order = new ArrayList<>();
        for (String p : List.of("baseline", "full")) {
            if (stats.containsKey(p)) {
                order.add(p);
            }
        }
        return order;
    }

    private static void put(ObjectNode node, String key, Double value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }

    static String fixed(Double value, int decimals) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Text for one Markdown line inside backticks: no line breaks, no backticks, no table pipes. */
    private static String inline(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").replace('`', '\'').strip();
    }
}
