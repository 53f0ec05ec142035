package dev.nl2sql.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The measurement harness: {@code java -jar benchmarks/target/nl2sql-bench.jar SUBCOMMAND [options]}. Every
 * subcommand reaches nl2sql through JDBC only, as an application would.
 */
@Command(name = "nl2sql-bench.jar", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Bench.Version.class, synopsisSubcommandLabel = "SUBCOMMAND",
        description = "Measurements of nl2sql through JDBC. 'SUBCOMMAND --help' tells more.",
        subcommands = HelpCommand.class,
        footer = "Exit status: 0 done, 1 failed, 2 bad usage.")
public final class Bench {

    /** Every subcommand, in the order the usage lists them. Adding one is one line here. */
    static final List<Supplier<Subcommand>> SUBCOMMANDS = List.of(
            SpiderCommand::new,
            CoverageCommand::new,
            GoldReplayCommand::new,
            PredictionsCommand::new,
            LinkingCommand::new,
            LoadCommand::new,
            LoadSpiderCommand::new,
            MemoryRecallCommand::new,
            T5SpeedCommand::new,
            FirstAnswerCommand::new,
            ValuesCommand::new,
            MemoryCommand::new);

    private Bench() {
    }

    public static void main(String[] args) {
        quietPerQuestionLogs();
        // java-llama.cpp leaves a native thread behind after a model closes, so exit explicitly.
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one subcommand in this JVM and returns its exit status (0 done, 1 failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // New command objects for each run: picocli keeps the option values in them.
        CommandLine line = new CommandLine(new Bench());
        SUBCOMMANDS.forEach(command -> line.addSubcommand(command.get()));
        return configure(line, out, err).execute(args);
    }

    /**
     * The harness's settings on a command line: its streams, {@code @} arguments as they are, usage errors as
     * "NAME: message" with the usage, and {@link UsageException}s of a run as usage errors.
     */
    static CommandLine configure(CommandLine line, PrintStream out, PrintStream err) {
        line.setExpandAtFiles(false);
        // The last of a repeated option wins, as before picocli: a script may append to a command line.
        line.setOverwrittenOptionsAllowed(true);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setParameterExceptionHandler((e, args) -> usageError(e, err));
        line.setExecutionStrategy(parsed -> execute(parsed, out, err));
        return line;
    }

    private static int execute(ParseResult parsed, PrintStream out, PrintStream err) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object command = last.commandSpec().userObject();
        if (command instanceof Runnable runnable) {
            runnable.run(); // help SUBCOMMAND
            return 0;
        }
        if (!(command instanceof Subcommand subcommand)) {
            err.println("A subcommand is needed.");
            last.commandSpec().commandLine().usage(err);
            return 2;
        }
        try {
            return subcommand.run(out, err);
        } catch (UsageException e) {
            return usageError(new ParameterException(last.commandSpec().commandLine(), e.getMessage()), err);
        }
    }

    private static int usageError(ParameterException e, PrintStream err) {
        CommandLine command = e.getCommandLine();
        if (command.getParent() == null && e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            err.println("Unknown subcommand \"" + unmatched.getUnmatched().get(0) + "\".");
        } else {
            String name = command.getCommandSpec().name();
            err.println(command.getParent() == null ? e.getMessage() : name + ": " + e.getMessage());
            err.println();
        }
        command.usage(err);
        return 2;
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

    /** {@code --version}: from the pom.properties Maven writes into the jar ("unknown" from a classes folder). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties pom = new Properties();
            try (InputStream in = Bench.class.getResourceAsStream(
                    "/META-INF/maven/dev.nl2sql/nl2sql-benchmarks/pom.properties")) {
                if (in != null) {
                    pom.load(in);
                }
            }
            return new String[] {"nl2sql-bench " + pom.getProperty("version", "unknown")};
        }
    }
}
