package dev.nl2sql.tune;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Command line for fine-tuning on the user's database: {@code pairs} writes the training set, {@code train} trains
 * a T5 checkpoint on it. Exit status 0 on
 * success, 1 on failure, 2 on a usage error.
 */
@Command(name = "nl2sql-tune.jar", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = TuneCli.Version.class,
        description = "Fine-tune nl2sql's model on your database: write its training set (pairs), train a T5 "
                + "checkpoint on it (train).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {PairsCommand.class, TrainCommand.class, HelpCommand.class},
        footer = "Exit status: 0 done, 1 failed, 2 bad usage.")
public final class TuneCli implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;

    private TuneCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Exits with the status: java-llama.cpp leaves a non-daemon thread that would keep the JVM alive. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new TuneCli(out, err));
        line.setExpandAtFiles(false);
        line.setOverwrittenOptionsAllowed(true);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String state = e instanceof SQLException s && s.getSQLState() != null ? " [" + s.getSQLState() + "]" : "";
            err.println("error: " + (e instanceof IOException || e instanceof SQLException ? e.getMessage()
                    : e.toString()) + state);
            return FAILED;
        });
        return line.execute(args);
    }

    /** No command: say which there are. */
    @Override
    public Integer call() {
        err.println("error: a command is needed");
        spec.commandLine().usage(err);
        return USAGE;
    }

    /** The version of the jar, from the pom.properties Maven writes into it ("unknown" from a classes folder). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties pom = new Properties();
            try (InputStream in = TuneCli.class.getResourceAsStream(
                    "/META-INF/maven/dev.nl2sql/nl2sql-tune/pom.properties")) {
                if (in != null) {
                    pom.load(in);
                }
            }
            return new String[] {"nl2sql-tune " + pom.getProperty("version", "unknown")};
        }
    }
}
