package dev.nl2sql.benchmarks.harness;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The measurement harness: {@code java -jar benchmarks/target/nl2sql-bench.jar SUBCOMMAND [options]}. Every
 * subcommand reaches nl2sql through JDBC only, as an application would.
 */
public final class Bench {

    /** Every subcommand, in the order the usage lists them. Adding one is one line here. */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new SpiderCommand(),
            new CoverageCommand(),
            new GoldReplayCommand(),
            new LinkingCommand(),
            new LoadCommand(),
            new T5SpeedCommand(),
            new ValuesCommand());

    private Bench() {
    }

    public static void main(String[] args) {
        quietPerQuestionLogs();
        // java-llama.cpp leaves a native thread behind after a model closes, so exit explicitly.
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one subcommand in this JVM and returns its exit status (0 done, 1 failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println(usage());
            return 0;
        }
        Subcommand command = SUBCOMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("Unknown subcommand \"" + args[0] + "\".");
            err.println(usage());
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println(command.name() + ": " + e.getMessage());
            err.println();
            err.println(command.usage());
            return 2;
        }
    }

    static String usage() {
        StringBuilder text = new StringBuilder("Usage: java -jar nl2sql-bench.jar SUBCOMMAND [options]\n"
                + "       java -jar nl2sql-bench.jar SUBCOMMAND --help\n\nSubcommands:\n");
        for (Subcommand c : SUBCOMMANDS) {
            text.append(String.format("  %-14s %s%n", c.name(), c.summary()));
        }
        return text.toString().stripTrailing();
    }

    /**
     * The driver logs every generated query at INFO; in a run over a thousand questions that would bury the progress
     * line. Quieted unless the user configured these loggers (slf4j-simple reads system properties).
     */
    private static void quietPerQuestionLogs() {
        for (String logger : List.of("dev.nl2sql.driver.GeneratedSql", "dev.nl2sql.engine.Translator")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
