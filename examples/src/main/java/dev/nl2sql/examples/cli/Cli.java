package dev.nl2sql.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The settings every example command line shares. */
public final class Cli {

    private Cli() {
    }

    /**
     * A picocli command line writing to these streams. Exit status: 0 done, 1 failed, 2 bad usage (picocli's
     * defaults). Arguments starting with {@code @} stay arguments: a question or a password may start with one.
     */
    public static CommandLine of(Object command, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(command);
        line.setExpandAtFiles(false);
        // The last of a repeated option wins, as before picocli: a script may append to a command line.
        line.setOverwrittenOptionsAllowed(true);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line;
    }
}
