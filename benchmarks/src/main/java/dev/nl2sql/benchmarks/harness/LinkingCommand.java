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

/**
 * {@code linking}: how well schema linking and value matching do, measured as a user would, through JDBC only:
 * recall of Spider dev's gold tables, columns and literals at several prompt budgets ({@link SpiderLinkingRun}), and
 * linking time and prompt size on a generated schema of many tables ({@link SyntheticLinkingRun}). Writes one JSON
 * report. The {@code linking} subcommand of the harness jar.
 */
public final class LinkingCommand implements Subcommand {

    private static final String USAGE = """
            usage: linking [--questions dev.json] [--tables tables.json] [--db-dir DIR] [--out FILE] [--limit N]
                           [--budget CHARS[,CHARS...]] [--synthetic TABLES] [--synthetic-questions N]
                           [--token-model FILE|none] [--token-questions N] [--no-spider] [--show-misses N]
            defaults: ../shared/benchmarks/spider-dev/{dev.json,tables.json,database}, budgets 6000,1500,1000,600,
                      no synthetic run, token model ../shared/models/llama-2-tiny-random.gguf""";

    /** The command's options. */
    record Options(Path questions, Path tables, Path dbDir, Path out, int limit, List<Integer> budgets,
            int syntheticTables, int syntheticQuestions, Path tokenModel, int tokenQuestions, boolean spider,
            int showMisses) {

        static Options parse(String[] args) {
            Path root = Path.of("../shared/benchmarks/spider-dev");
            Path questions = root.resolve("dev.json");
            Path tables = root.resolve("tables.json");
            Path dbDir = root.resolve("database");
            Path out = null;
            int limit = Integer.MAX_VALUE;
            List<Integer> budgets = new ArrayList<>();
            int synthetic = 0;
            int syntheticQuestions = 50;
            Path tokenModel = Path.of("../shared/models/llama-2-tiny-random.gguf");
            int tokenQuestions = 50;
            boolean spider = true;
            int showMisses = 10;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--questions" -> questions = Path.of(value(args, ++i, a));
                    case "--tables" -> tables = Path.of(value(args, ++i, a));
                    case "--db-dir" -> dbDir = Path.of(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--limit" -> limit = Integer.parseInt(value(args, ++i, a));
                    case "--budget" -> {
                        for (String b : value(args, ++i, a).split(",")) {
                            budgets.add(Integer.parseInt(b.strip()));
                        }
                    }
                    case "--synthetic" -> synthetic = Integer.parseInt(value(args, ++i, a));
                    case "--synthetic-questions" -> syntheticQuestions = Integer.parseInt(value(args, ++i, a));
                    case "--token-model" -> {
                        String v = value(args, ++i, a);
                        tokenModel = v.equals("none") ? null : Path.of(v);
                    }
                    case "--token-questions" -> tokenQuestions = Integer.parseInt(value(args, ++i, a));
                    case "--no-spider" -> spider = false;
                    case "--show-misses" -> showMisses = Integer.parseInt(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (budgets.isEmpty()) {
                budgets = List.of(6000, 1500, 1000, 600);
            }
            return new Options(questions, tables, dbDir, out, limit, budgets, synthetic, syntheticQuestions,
                    tokenModel, tokenQuestions, spider, showMisses);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    private final Options options;
    private final PrintStream out;

    private LinkingCommand(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The subcommand as {@link Bench} registers it. */
    LinkingCommand() {
        this(null, System.out);
    }

    @Override
    public String name() {
        return "linking";
    }

    @Override
    public String summary() {
        return "schema linking and value matching: recall of gold tables, columns, literals; 1,000-table schema";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args.toArray(String[]::new));
    }

    public static void main(String[] args) {
        // java-llama.cpp leaves a non-daemon thread behind after a model was used: exit explicitly.
        System.exit(run(args));
    }

    public static int run(String[] args) {
        // slf4j-simple: the generated SQL of every question (INFO) would bury the report; linking's own notes stay
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.dev.nl2sql.engine.linking",
                System.getProperty("org.slf4j.simpleLogger.log.dev.nl2sql.engine.linking", "info"));
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        try {
            ObjectNode report = new LinkingCommand(options, System.out).measure();
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
            if (options.out() != null) {
                Files.writeString(options.out(), json + "\n", StandardCharsets.UTF_8);
                System.out.println("wrote " + options.out());
            } else {
                System.out.println(json);
            }
            return 0;
        } catch (IOException | SQLException e) {
            System.err.println("linking: " + e);
            return 1;
        }
    }

    private ObjectNode measure() throws IOException, SQLException {
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
