package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A subcommand's JSON report: written pretty-printed, its folder made, its path printed. */
final class JsonReport {

    private JsonReport() {
    }

    /** Writes the report; returns the exit status (0 written, 1 not, with the reason on {@code err}). */
    static int write(ObjectNode report, Path file, String command, PrintStream out, PrintStream err) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
        } catch (IOException e) {
            err.println(command + ": cannot write " + file + ": " + e);
            return 1;
        }
        out.println("report: " + file);
        return 0;
    }
}
