package dev.nl2sql.benchmarks.harness;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code nl2sql-bench.jar}: {@code java -jar nl2sql-bench.jar NAME [options]}. A new measurement
 * is one class implementing this, registered with one line in {@link Bench#SUBCOMMANDS}.
 */
public interface Subcommand {

    /** The word that selects it on the command line. */
    String name();

    /** One line for the jar's usage text. */
    String summary();

    /**
     * Runs with the arguments after the subcommand's name. Returns the process exit status: 0 done, 1 failed,
     * 2 bad usage (throw {@link UsageException} for that, and {@link Bench} prints the message and the usage).
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException;

    /** The subcommand's own usage text, printed for {@code --help} and after a usage error. */
    String usage();
}
