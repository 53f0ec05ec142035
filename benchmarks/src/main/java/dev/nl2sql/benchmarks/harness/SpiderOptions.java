package dev.nl2sql.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of {@code nl2sql-bench.jar spider}. */
record SpiderOptions(Path questions, Path tables, Path databaseDir, Path out, Integer limit, Set<String> databases,
        Long seed, int timeoutSeconds, List<String> pipelines, Path predictions, DriverSettings driver,
        boolean warmUp, boolean help) {

    static final List<String> PIPELINES = List.of("full", "baseline");

    /** Spider dev beside the project: {@code $NL2SQL_SPIDER_DIR}, else {@code ../shared/benchmarks/spider-dev}. */
    static Path defaultSpiderDir() {
        String configured = System.getenv("NL2SQL_SPIDER_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../shared/benchmarks/spider-dev");
    }

    static final String USAGE = String.join("\n",
            "Usage: java [-Dnl2sql.x=y ...] -jar nl2sql-bench.jar spider [options] [-Dnl2sql.x=y ...]",
            "Execution accuracy on Spider: every selected question is asked as \"NL: <question>\" through",
            "jdbc:nl2sql:jdbc:sqlite:<db-dir>/<db_id>/<db_id>.sqlite and its result compared with the gold query's.",
            "",
            "  --questions FILE     Spider question file (default ../shared/benchmarks/spider-dev/dev.json;",
            "                       the folder is $NL2SQL_SPIDER_DIR where that is set)",
            "  --tables FILE        Spider schema file, to check the databases against (default .../tables.json)",
            "  --db-dir DIR         folder of <db_id>/<db_id>.sqlite (default .../database)",
            "  --out FILE           JSON report; a Markdown report is written beside it with .md",
            "                       (default benchmarks/target/spider-report.json)",
            "  --db ID[,ID...]      only these databases (repeatable)",
            "  --seed S             shuffle the questions with this seed before --limit (default: file order)",
            "  --limit N            only the first N selected questions",
            "  --timeout SECONDS    per question, generation and execution together (default 60)",
            "  --pipelines LIST     full,baseline (default: both, each question under each)",
            "  --predictions FILE   write question<TAB>SQL lines of what ran (the replay engine's format);",
            "                       with two pipelines the baseline's go to FILE with -baseline before the extension",
            "  -Dnl2sql.x=y         a driver property for the nl2sql connections (also --prop nl2sql.x=y);",
            "                       JVM system properties and NL2SQL_* variables are read by the driver as usual.",
            "                       Other keys reach sqlite-jdbc (the databases are opened with open_mode=1, read-only)",
            "  --no-warmup          skip the untimed EXPLAIN NL: of the first question before each pass (it",
            "                       loads the model, so that loading is not counted as a question's latency)",
            "  --help               this text",
            "",
            "Example: java -jar benchmarks/target/nl2sql-bench.jar spider -Dnl2sql.model=MODEL.gguf --limit 100 --seed 1",
            "Exit status: 0 done, 1 failed (a missing file, a driver that cannot answer at all), 2 bad usage.");

    static SpiderOptions parse(List<String> args) throws UsageException {
        Path spider = defaultSpiderDir();
        Path questions = spider.resolve("dev.json");
        Path tables = spider.resolve("tables.json");
        Path databaseDir = spider.resolve("database");
        Path out = Path.of("benchmarks/target/spider-report.json");
        Integer limit = null;
        Set<String> databases = new LinkedHashSet<>();
        Long seed = null;
        int timeout = 60;
        List<String> pipelines = PIPELINES;
        Path predictions = null;
        DriverSettings driver = new DriverSettings();
        boolean warmUp = true;
        boolean help = false;
        CommandLine line = new CommandLine(args);
        while (line.advance()) {
            if (driver.accept(line)) {
                continue;
            }
            switch (line.option()) {
                case "--questions" -> questions = line.pathValue();
                case "--tables" -> tables = line.pathValue();
                case "--db-dir" -> databaseDir = line.pathValue();
                case "--out" -> out = line.pathValue();
                case "--limit" -> limit = line.intValue(1);
                case "--db" -> databases.addAll(line.listValue());
                case "--seed" -> seed = line.longValue();
                case "--timeout" -> timeout = line.intValue(1);
                case "--pipelines" -> pipelines = pipelines(line.listValue());
                case "--predictions" -> predictions = line.pathValue();
                case "--no-warmup" -> warmUp = false;
                case "-h", "--help" -> help = true;
                default -> throw line.unknown();
            }
        }
        if (driver.given("nl2sql.pipeline")) {
            throw new UsageException("nl2sql.pipeline is set by the harness for each pass; choose the passes with "
                    + "--pipelines full,baseline instead.");
        }
        if (!out.getFileName().toString().endsWith(".json")) {
            throw new UsageException("--out names the JSON report and must end in .json, not \"" + out + "\".");
        }
        return new SpiderOptions(questions, tables, databaseDir, out, limit,
                Collections.unmodifiableSet(databases), seed, timeout, pipelines, predictions, driver, warmUp, help);
    }

    private static List<String> pipelines(List<String> names) throws UsageException {
        List<String> chosen = new ArrayList<>();
        for (String name : names) {
            if (!PIPELINES.contains(name)) {
                throw new UsageException("--pipelines takes full and/or baseline, not \"" + name + "\".");
            }
            if (chosen.contains(name)) {
                throw new UsageException("--pipelines names " + name + " twice.");
            }
            chosen.add(name);
        }
        return List.copyOf(chosen);
    }

    /** The Markdown report's path: the JSON report's with .md. */
    Path markdownOut() {
        String name = out.getFileName().toString();
        return out.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".md");
    }

    /** Where one pipeline's predictions go: the file itself for the headline pipeline, else FILE-baseline.ext. */
    Path predictionsFor(String pipeline, String headline) {
        if (predictions == null || pipeline.equals(headline)) {
            return predictions;
        }
        String name = predictions.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sibling = dot > 0 ? name.substring(0, dot) + "-" + pipeline + name.substring(dot)
                : name + "-" + pipeline;
        return predictions.resolveSibling(sibling);
    }

    /** The pipeline the top-level figures describe: full when it ran, else the only one. */
    String headline() {
        return pipelines.contains("full") ? "full" : pipelines.get(0);
    }
}
