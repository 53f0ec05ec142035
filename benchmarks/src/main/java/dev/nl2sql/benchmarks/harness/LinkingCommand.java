package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code linking}: how well schema linking and value matching do, measured as a user would, through JDBC only:
 * recall of Spider dev's gold tables, columns and literals at several prompt budgets ({@link SpiderLinkingRun}), and
 * linking time and prompt size on a generated schema of many tables ({@link SyntheticLinkingRun}). Writes one JSON
 * report. The {@code linking} subcommand of the harness jar.
 */
@Command(name = "linking",
        header = "schema linking and value matching: recall of gold tables, columns, literals; 1,000-table schema",
        footer = "Defaults: ../shared/benchmarks/spider-dev/{dev.json,tables.json,database}, budgets "
                + "6000,1500,1000,600, no synthetic run, token model ../shared/models/llama-2-tiny-random.gguf.")
public final class LinkingCommand implements Subcommand {

    /** The command's options. */
    record Options(Path questions, Path tables, Path dbDir, Path out, int limit, List<Integer> budgets,
            int syntheticTables, int syntheticQuestions, Path tokenModel, int tokenQuestions, boolean spider,
            int showMisses) {
    }

    private static final Path SPIDER = Path.of("../shared/benchmarks/spider-dev");

    @Option(names = "--questions", paramLabel = "FILE", description = "Spider questions (dev.json)")
    Path questions = SPIDER.resolve("dev.json");

    @Option(names = "--tables", paramLabel = "FILE", description = "Spider schemas (tables.json)")
    Path tables = SPIDER.resolve("tables.json");

    @Option(names = "--db-dir", paramLabel = "DIR", description = "folder of <db_id>/<db_id>.sqlite")
    Path dbDir = SPIDER.resolve("database");

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default: standard output)")
    Path reportFile;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N questions")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--budget", paramLabel = "CHARS", split = ",", description = "prompt budgets (repeatable)")
    List<Integer> budgets = new ArrayList<>();

    @Option(names = "--synthetic", paramLabel = "TABLES", description = "tables of a generated schema (default 0: "
            + "no synthetic run)")
    int syntheticTables;

    @Option(names = "--synthetic-questions", paramLabel = "N", description = "questions on it (default 50)")
    int syntheticQuestions = 50;

    @Option(names = "--token-model", paramLabel = "FILE|none", description = "the GGUF model whose tokenizer counts "
            + "prompt tokens, or none")
    String tokenModel = "../shared/models/llama-2-tiny-random.gguf";

    @Option(names = "--token-questions", paramLabel = "N", description = "questions whose prompts are tokenized "
            + "(default 50)")
    int tokenQuestions = 50;

    @Option(names = "--no-spider", description = "skip the Spider run")
    boolean noSpider;

    @Option(names = "--show-misses", paramLabel = "N", description = "misses printed per kind (default 10)")
    int showMisses = 10;

    /** The subcommand as {@link Bench} registers it. */
    LinkingCommand() {
    }

    public static void main(String[] args) {
        // java-llama.cpp leaves a non-daemon thread behind after a model was used: exit explicitly.
        System.exit(run(args));
    }

    /** Runs the command on its own (not under {@link Bench}); returns the exit status. */
    public static int run(String[] args) {
        return Bench.configure(new CommandLine(new LinkingCommand()), System.out, System.err).execute(args);
    }

    Options options() {
        return new Options(questions, tables, dbDir, reportFile, limit,
                budgets.isEmpty() ? List.of(6000, 1500, 1000, 600) : List.copyOf(budgets), syntheticTables,
                syntheticQuestions, tokenModel.equals("none") ? null : Path.of(tokenModel), tokenQuestions,
                !noSpider, showMisses);
    }

    @Override
    public int run(PrintStream out, PrintStream err) {
        // slf4j-simple: the generated SQL of every question (INFO) would bury the report; linking's own notes stay
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.dev.nl2sql.engine.linking",
                System.getProperty("org.slf4j.simpleLogger.log.dev.nl2sql.engine.linking", "info"));
        Options options = options();
        try {
            ObjectNode report = measure(options, out);
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
            if (options.out() != null) {
                Files.writeString(options.out(), json + "\n", StandardCharsets.UTF_8);
                out.println("wrote " + options.out());
            } else {
                out.println(json);
            }
            return 0;
        } catch (IOException | SQLException e) {
            err.println("linking: " + e);
            return 1;
        }
    }

    private static ObjectNode measure(Options options, PrintStream out) throws IOException, SQLException {
        ObjectNode report = new ObjectMapper().createObjectNode();
        // timings depend on the machine and on what else runs there: say so in the report
        ObjectNode machine = report.putObject("machine");
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("load_average_at_start",
                LinkingTally.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        machine.put("java", System.getProperty("java.version"));
        if (options.spider()) {
            new SpiderLinkingRun(options, out).measure(report);
        }
        if (options.syntheticTables() > 0) {
            report.set("synthetic", new SyntheticLinkingRun(options, out).measure());
        }
        machine.put("load_average_at_end",
                LinkingTally.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return report;
    }
}
