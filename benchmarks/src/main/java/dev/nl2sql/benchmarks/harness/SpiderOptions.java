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
        boolean warmUp) {

    static final List<String> PIPELINES = List.of("full", "baseline");

    /** Spider dev beside the project: {@code $NL2SQL_SPIDER_DIR}, else {@code ../shared/benchmarks/spider-dev}. */
    static Path defaultSpiderDir() {
        String configured = System.getenv("NL2SQL_SPIDER_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../shared/benchmarks/spider-dev");
    }

    /** The checked options of a spider command line, and the defaults of those it leaves out. */
    static SpiderOptions of(SpiderCommand line) throws UsageException {
        Path spider = defaultSpiderDir();
        Path out = line.outFile != null ? line.outFile : Path.of("benchmarks/target/spider-report.json");
        if (line.limit != null) {
            OptionChecks.atLeast("--limit", line.limit, 1);
        }
        OptionChecks.atLeast("--timeout", line.timeoutSeconds, 1);
        if (line.driver.given("nl2sql.pipeline")) {
            throw new UsageException("nl2sql.pipeline is set by the harness for each pass; choose the passes with "
                    + "--pipelines full,baseline instead.");
        }
        if (!out.getFileName().toString().endsWith(".json")) {
            throw new UsageException("--out names the JSON report and must end in .json, not \"" + out + "\".");
        }
        return new SpiderOptions(or(line.questions, spider.resolve("dev.json")),
                or(line.tables, spider.resolve("tables.json")), or(line.databaseDir, spider.resolve("database")),
                out, line.limit, Collections.unmodifiableSet(new LinkedHashSet<>(OptionChecks.items("--db",
                        line.databases))), line.seed, line.timeoutSeconds,
                line.pipelines.isEmpty() ? PIPELINES : pipelines(OptionChecks.items("--pipelines", line.pipelines)),
                line.predictions, line.driver, !line.noWarmUp);
    }

    private static Path or(Path given, Path fallback) {
        return given != null ? given : fallback;
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
