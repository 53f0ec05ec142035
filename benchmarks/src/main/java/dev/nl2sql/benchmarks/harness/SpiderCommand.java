package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import dev.nl2sql.driver.DriverProperty;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar spider}: execution accuracy on Spider, baseline against full pipeline, through JDBC only.
 * See {@code --help} and benchmarks/README.md.
 */
@Command(name = "spider",
        header = "execution accuracy on Spider (baseline and full pipeline), JSON and Markdown reports",
        customSynopsis = "java [-Dnl2sql.x=y ...] -jar nl2sql-bench.jar spider [options] [-Dnl2sql.x=y ...]",
        description = "Execution accuracy on Spider: every selected question is asked as \"NL: <question>\" through "
                + "jdbc:nl2sql:jdbc:sqlite:<db-dir>/<db_id>/<db_id>.sqlite and its result compared with the gold "
                + "query's.",
        footer = {"Other -D keys reach sqlite-jdbc (the databases are opened with open_mode=1, read-only).",
            "Example: java -jar benchmarks/target/nl2sql-bench.jar spider -Dnl2sql.model=MODEL.gguf --limit 100 "
                    + "--seed 1",
            "Exit status: 0 done, 1 failed (a missing file, a driver that cannot answer at all), 2 bad usage."})
final class SpiderCommand implements Subcommand {

    @Option(names = "--questions", paramLabel = "FILE", description = "Spider question file (default "
            + "../shared/benchmarks/spider-dev/dev.json; the folder is $NL2SQL_SPIDER_DIR where that is set)")
    Path questions;

    @Option(names = "--tables", paramLabel = "FILE",
            description = "Spider schema file, to check the databases against (default .../tables.json)")
    Path tables;

    @Option(names = "--db-dir", paramLabel = "DIR", description = "folder of <db_id>/<db_id>.sqlite "
            + "(default .../database)")
    Path databaseDir;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report; a Markdown report is written beside "
            + "it with .md (default benchmarks/target/spider-report.json)")
    Path outFile;

    @Option(names = "--db", paramLabel = "ID", split = ",", description = "only these databases (repeatable)")
    List<String> databases = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S",
            description = "shuffle the questions with this seed before --limit (default: file order)")
    Long seed;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N selected questions")
    Integer limit;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "per question, generation and execution together (default 60)")
    int timeoutSeconds = 60;

    @Option(names = "--pipelines", paramLabel = "LIST", split = ",",
            description = "full,baseline (default: both, each question under each)")
    List<String> pipelines = new ArrayList<>();

    @Option(names = "--predictions", paramLabel = "FILE", description = "write question<TAB>SQL lines of what ran "
            + "(the replay engine's format); with two pipelines the baseline's go to FILE with -baseline before the "
            + "extension")
    Path predictions;

    @Option(names = "--teach", paramLabel = "FILE", description = "before asking, teach the memory the pairs of this "
            + "Spider-format file ([{db_id, question, query}]) for the selected databases, each checked as NL TEACH "
            + "checks it; the memory is a fresh store for this run unless nl2sql.memoryUrl is given")
    Path teach;

    @Mixin
    DriverSettings driver = new DriverSettings();

    @Option(names = "--no-warmup", description = "skip the untimed EXPLAIN NL: of the first question before each "
            + "pass (it loads the model, so that loading is not counted as a question's latency)")
    boolean noWarmUp;

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        SpiderOptions options = SpiderOptions.of(this);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long startNanos = System.nanoTime();
        List<Question> all;
        Set<String> schemaIds;
        try {
            all = SpiderDataset.load(options.questions());
            schemaIds = SpiderDataset.schemaIds(options.tables());
        } catch (IOException e) {
            err.println("spider: cannot read the dataset: " + e.getMessage());
            return 1;
        }
        Set<String> known = new LinkedHashSet<>();
        all.forEach(q -> known.add(q.dbId()));
        for (String db : options.databases()) {
            if (!known.contains(db)) {
                throw new UsageException("--db " + db + ": no question of " + options.questions()
                        + " is about that database. Its databases: " + String.join(", ", known) + ".");
            }
        }
        List<Question> selected = SpiderDataset.select(all, options.databases(), options.seed(), options.limit());
        Set<String> notInTables = new LinkedHashSet<>();
        Map<String, Integer> skipped = new TreeMap<>();
        List<Question> runnable = new ArrayList<>();
        for (Question q : selected) {
            if (!schemaIds.contains(q.dbId())) {
                notInTables.add(q.dbId());
            }
            if (Files.isRegularFile(SpiderDataset.databaseFile(options.databaseDir(), q.dbId()))) {
                runnable.add(q);
            } else {
                skipped.merge(q.dbId(), 1, Integer::sum);
            }
        }
        if (!notInTables.isEmpty()) {
            err.println("spider: note: not in " + options.tables() + ": " + String.join(", ", notInTables));
        }
        if (!skipped.isEmpty()) {
            err.println("spider: skipping " + skipped.values().stream().mapToInt(Integer::intValue).sum()
                    + " questions of databases missing from " + options.databaseDir() + ": "
                    + String.join(", ", skipped.keySet()));
        }

        DriverSettings settings = options.driver();
        if (teach != null) {
            try {
                settings = TeachBeforeAsking.teach(teach, runnable, options.databaseDir(), settings, out, err);
            } catch (IOException | SQLException e) {
                err.println("spider: --teach " + teach + ": " + e.getMessage());
                return 1;
            }
        }
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        List<SpiderReport.GoldError> goldErrors = new ArrayList<>();
        try (SpiderRunner runner = new SpiderRunner(options.databaseDir(), settings,
                options.timeoutSeconds(), options.warmUp())) {
            List<Question> evaluated = new ArrayList<>();
            for (Question q : runnable) {
                SpiderRunner.Gold gold = runner.gold(q);
                if (gold.ok()) {
                    evaluated.add(q);
                } else {
                    goldErrors.add(new SpiderReport.GoldError(q, gold.error()));
                }
            }
            if (!goldErrors.isEmpty()) {
                err.println("spider: " + goldErrors.size() + " gold queries failed and are left out (see the report)");
            }
            for (String pipeline : options.pipelines()) {
                Progress progress = Progress.of(pipeline, evaluated.size(), err);
                outcomes.put(pipeline, runner.run(pipeline, evaluated, progress));
            }
        } catch (SpiderRunner.SetupFailure e) {
            err.println();
            err.println("spider: " + e.getMessage());
            err.println("spider: nothing measured; check nl2sql.model / nl2sql.engine (java -jar nl2sql-bench.jar "
                    + "spider --help).");
            return 1;
        }

        String engine = options.driver().value(DriverProperty.ENGINE).orElse(DriverProperty.ENGINE.defaultValue());
        String model = engine.equals("replay")
                ? options.driver().value(DriverProperty.REPLAY).orElse(null)
                : engine.equals("server") ? options.driver().value(DriverProperty.SERVER_MODEL).orElse(null)
                : options.driver().value(DriverProperty.MODEL).orElse(null);
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        SpiderReport report = new SpiderReport(options, options.driver().effective(), engine, model,
                selected.size(), skipped, goldErrors, notInTables, outcomes, started, wallSeconds);
        try {
            Path json = options.out().toAbsolutePath();
            Files.createDirectories(json.getParent());
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
            Files.writeString(options.markdownOut(), report.markdown(), StandardCharsets.UTF_8);
            for (String pipeline : options.pipelines()) {
                Path predictions = options.predictionsFor(pipeline, options.headline());
                if (predictions != null) {
                    writePredictions(predictions, outcomes.get(pipeline));
                }
            }
        } catch (IOException e) {
            err.println("spider: cannot write the report: " + e);
            return 1;
        }
        for (String pipeline : options.pipelines()) {
            PipelineStats s = report.stats(pipeline);
            out.printf(Locale.ROOT, "%-8s EX %s  valid SQL %s  (%d evaluated of %d selected; p50 %s ms, p95 %s ms)%n",
                    pipeline, SpiderReport.fixed(s.executionAccuracy(), 3), SpiderReport.fixed(s.validSqlRate(), 3),
                    s.evaluated(), s.questions(), SpiderReport.fixed(s.p50Millis(), 0),
                    SpiderReport.fixed(s.p95Millis(), 0));
        }
        out.println("report: " + options.out() + " and " + options.markdownOut());
        return 0;
    }

    /** The replay engine's format: question<TAB>SQL, one per line, for every answer whose SQL ran or was written. */
    static void writePredictions(Path file, List<Outcome> outcomes) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Outcome o : outcomes) {
            if (o.sql() != null) {
                text.append(oneLine(o.question().text())).append('\t').append(oneLine(o.sql())).append('\n');
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Tabs and line breaks become spaces, so the line format holds. */
    static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ").strip();
    }
}
