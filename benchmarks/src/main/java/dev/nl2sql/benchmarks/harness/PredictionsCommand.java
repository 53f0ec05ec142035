package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar predictions}: what the driver loses of published predictions. Each file's SQL runs directly
 * on SQLite and through the driver (replay engine, one attempt); both are compared with gold by the spider command's
 * rules, and the answers correct directly but not through the driver (lost) are listed with the driver's error.
 */
@Command(name = "predictions",
        header = "lost and rescued answers of prediction files: run directly on SQLite vs through the driver",
        description = "For each prediction file (line i answers question i of the question file) and each question "
                + "whose database exists: runs the predicted SQL directly on the read-only SQLite database and "
                + "through jdbc:nl2sql (nl2sql.engine=replay, nl2sql.attempts=1), compares both with the gold "
                + "result, and reports correct directly, correct through the driver, lost and rescued. The gold SQL "
                + "itself is measured first as the file \"gold\" (it should be correct everywhere).",
        footer = {"Example: java -jar benchmarks/target/nl2sql-bench.jar predictions --file dts-sql-deepseek.sql "
                + "--limit 100 --out benchmarks/target/predictions.json",
            "Exit status: 0 done, 1 failed (a missing file, a driver that cannot answer at all), 2 bad usage."})
final class PredictionsCommand implements Subcommand {

    @Option(names = "--spider-dir", paramLabel = "DIR", description = "Spider folder with dev.json, database/ and "
            + "predictions/ (default ../shared/benchmarks/spider-dev, or $NL2SQL_SPIDER_DIR)")
    Path spiderDir;

    @Option(names = "--questions", paramLabel = "FILE", description = "question file (default <spider-dir>/dev.json)")
    Path questions;

    @Option(names = "--file", paramLabel = "FILE", description = "a prediction file (repeatable; a bare name is "
            + "looked up in <spider-dir>/predictions; default every *.sql there)")
    List<Path> files = new ArrayList<>();

    @Option(names = "--db", paramLabel = "ID", split = ",", description = "only these databases (repeatable)")
    List<String> databases = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "only the first N selected questions")
    Integer limit;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "per query (default 30)")
    int timeoutSeconds = 30;

    @Option(names = "--target-url", paramLabel = "URL", description = "ask through the driver on this database "
            + "instead of the SQLite files (gold still runs on SQLite, the reference): a JDBC URL in which {db} "
            + "stands for the Spider database id in lower case, e.g. jdbc:postgresql://127.0.0.1:5432/spider_dev?"
            + "user=postgres&currentSchema=spider_{db} or jdbc:mariadb://127.0.0.1:3306/spider_{db}?user=root "
            + "(databases copied there by load-spider)")
    String targetUrl;

    @Option(names = "--no-gold", description = "skip the gold SQL's own replay")
    boolean noGold;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON report (default benchmarks/target/predictions-report.json)")
    Path report = Path.of("benchmarks/target/predictions-report.json");

    @Mixin
    DriverSettings driver = new DriverSettings();

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        Path spider = spiderDir != null ? spiderDir : SpiderOptions.defaultSpiderDir();
        Path questionFile = questions != null ? questions : spider.resolve("dev.json");
        Path databaseDir = spider.resolve("database");
        if (limit != null) {
            OptionChecks.atLeast("--limit", limit, 1);
        }
        if (targetUrl != null && !targetUrl.contains("{db}")) {
            throw new UsageException("--target-url must name the database by {db}, not \"" + targetUrl + "\".");
        }
        OptionChecks.atLeast("--timeout", timeoutSeconds, 1);
        for (String fixed : List.of("nl2sql.engine", "nl2sql.replay", "nl2sql.attempts", "nl2sql.pipeline")) {
            if (driver.given(fixed)) {
                throw new UsageException(fixed + " is set by the predictions command itself.");
            }
        }
        long start = System.nanoTime();
        try {
            List<Path> predictionFiles = predictionFiles(spider);
            Set<String> dbs = new LinkedHashSet<>(OptionChecks.items("--db", databases));
            List<Question> all = SpiderDataset.load(questionFile);
            List<Question> selected = SpiderDataset.select(all, dbs, null, limit);
            Map<String, Integer> missing = new TreeMap<>();
            List<Question> present = new ArrayList<>();
            for (Question q : selected) {
                if (Files.isRegularFile(SpiderDataset.databaseFile(databaseDir, q.dbId()))) {
                    present.add(q);
                } else {
                    missing.merge(q.dbId(), 1, Integer::sum);
                }
            }
            if (!missing.isEmpty()) {
                err.println("predictions: skipping the questions of databases missing from " + databaseDir + ": "
                        + missing);
            }
            List<Question> runnable = new ArrayList<>();
            ArrayNode goldErrors = new ObjectMapper().createArrayNode();
            try (SpiderRunner gold = new SpiderRunner(databaseDir, driver, timeoutSeconds, false)) {
                for (Question q : present) {
                    SpiderRunner.Gold g = gold.gold(q);
                    if (g.ok()) {
                        runnable.add(q);
                    } else {
                        goldErrors.addObject().put("index", q.index()).put("db", q.dbId()).put("error", g.error());
                    }
                }
            }
            PredictionReplay replay = new PredictionReplay(databaseDir, driver, timeoutSeconds,
                    Files.createTempDirectory("nl2sql-predictions"), targetUrl);
            List<PredictionReplay.Result> results = new ArrayList<>();
            if (!noGold) {
                List<String> goldLines = new ArrayList<>();
                all.forEach(q -> goldLines.add(q.goldSql()));
                results.add(print(replay.measure("gold", goldLines, runnable, err), out));
            }
            for (Path file : predictionFiles) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                results.add(print(replay.measure(file.getFileName().toString(), lines, runnable, err), out));
            }
            ObjectNode json = PredictionsReport.json(questionFile, databaseDir, targetUrl, selected.size(), missing,
                    goldErrors, runnable.size(), results, (System.nanoTime() - start) / 1e9);
            return JsonReport.write(json, this.report, "predictions", out, err);
        } catch (IOException e) {
            err.println("predictions: " + e.getMessage());
            return 1;
        } catch (SpiderRunner.SetupFailure e) {
            err.println("predictions: " + e.getMessage());
            return 1;
        }
    }

    private List<Path> predictionFiles(Path spider) throws IOException, UsageException {
        Path folder = spider.resolve("predictions");
        if (files.isEmpty()) {
            try (Stream<Path> listing = Files.list(folder)) {
                return listing.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
            }
        }
        List<Path> chosen = new ArrayList<>();
        for (Path file : files) {
            Path resolved = Files.isRegularFile(file) || file.getParent() != null ? file : folder.resolve(file);
            if (!Files.isRegularFile(resolved)) {
                throw new UsageException("--file " + file + ": no such file (nor in " + folder + ").");
            }
            chosen.add(resolved);
        }
        return chosen;
    }

    private static PredictionReplay.Result print(PredictionReplay.Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%-22s questions %4d  direct %4d  driver %4d  lost %3d  rescued %3d  (%.0f s)%n",
                r.name(), r.questions(), r.correctDirect(), r.correctDriver(), r.lost().size(), r.rescued().size(),
                r.seconds());
        return r;
    }
}
