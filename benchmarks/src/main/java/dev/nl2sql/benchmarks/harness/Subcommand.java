package dev.nl2sql.benchmarks.harness;

import java.io.PrintStream;

/**
 * One subcommand of {@code nl2sql-bench.jar}: {@code java -jar nl2sql-bench.jar NAME [options]}. A new measurement
 * is one class implementing this, annotated as a picocli {@code @Command} (its name, a one-line description, its
 * {@code @Option} fields), and registered with one line in {@link Bench#SUBCOMMANDS}.
 */
public interface Subcommand {

    /**
     * Runs with the options picocli has set. Returns the process exit status: 0 done, 1 failed, 2 bad usage (throw
     * {@link UsageException} for that, and {@link Bench} prints the message and the usage).
     */
    int run(PrintStream out, PrintStream err) throws UsageException;
}
