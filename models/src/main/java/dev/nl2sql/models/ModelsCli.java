package dev.nl2sql.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Command line for the model catalogue: {@code list}, {@code download <id> [--dir DIR]},
 * {@code inspect <file.gguf>}. Exit status 0 on success, 1 on failure, 2 on a usage error.
 */
@Command(name = "nl2sql-models.jar", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = ModelsCli.Version.class,
        description = "The catalogue of local models: list them, download one, inspect a GGUF file.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {ModelsCli.ListCommand.class, ModelsCli.DownloadCommand.class, ModelsCli.InspectCommand.class,
            HelpCommand.class},
        footer = "Exit status: 0 done, 1 failed, 2 bad usage.")
public final class ModelsCli implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private ModelsCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // slf4j-api is shaded in without a provider: keep its "no provider" notice off the terminal.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new ModelsCli(out, err));
        // A file name starting with @ is a file name, not a file of arguments.
        line.setExpandAtFiles(false);
        // The last of a repeated option wins, as before picocli.
        line.setOverwrittenOptionsAllowed(true);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: " + (e instanceof IOException ? e.getMessage() : e.toString()));
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

    @Command(name = "list", description = "The models of the catalogue, and whether each is in the models folder.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCli cli;

        @Override
        public Integer call() {
            PrintStream out = cli.out;
            Path dir = ModelResolver.defaultModelsDir();
            out.printf(Locale.ROOT, "%-36s %10s  %-8s %-10s %s%n", "ID", "SIZE", "TEMPLATE", "STATUS",
                    "DESCRIPTION");
            for (ModelCatalog.Entry e : ModelCatalog.builtIn().entries()) {
                boolean present = Files.isRegularFile(dir.resolve(e.fileName()));
                String status = present ? "present" : (e.hasChecksum() ? "-" : "unverified");
                out.printf(Locale.ROOT, "%-36s %10s  %-8s %-10s %s%n", e.id(), ModelResolver.humanSize(e.sizeBytes()),
                        e.chatTemplate().id(), status, e.description());
            }
            out.println("models folder: " + dir.toAbsolutePath());
            return OK;
        }
    }

    @Command(name = "download", description = "Download a catalogue model and check its SHA-256.")
    static final class DownloadCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCli cli;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "a model id of the catalogue (see list)")
        String id;

        @Option(names = "--dir", paramLabel = "DIR", description = "where to put it (default: nl2sql.modelsDir, "
                + "$NL2SQL_MODELS_DIR or ~/.cache/nl2sql/models)")
        Path dir;

        @Option(names = "--allow-unverified", description = "accept a model the catalogue has no checksum for")
        boolean allowUnverified;

        @Override
        public Integer call() throws IOException {
            var entry = ModelCatalog.builtIn().find(id);
            if (entry.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "'" + id + "' is not in the catalogue; 'list' shows the ids");
            }
            PrintStream err = cli.err;
            Path target = dir != null ? dir : ModelResolver.defaultModelsDir();
            err.println("downloading " + entry.get().id() + " (" + ModelResolver.humanSize(entry.get().sizeBytes())
                    + ") from " + entry.get().url());
            ProgressBar bar = new ProgressBar(err);
            Path file;
            try {
                file = new ModelDownloader().download(entry.get(), target, bar, allowUnverified);
            } finally {
                bar.finish();
            }
            cli.out.println(file.toAbsolutePath());
            return OK;
        }
    }

    @Command(name = "inspect", description = "Print the GGUF header of a model file.")
    static final class InspectCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCli cli;

        @Parameters(paramLabel = "FILE", description = "a .gguf file")
        Path file;

        @Override
        public Integer call() throws IOException {
            PrintStream out = cli.out;
            GgufHeader h = GgufHeader.read(file);
            out.println("file:           " + file.toAbsolutePath());
            out.println("gguf version:   " + h.version());
            out.println("tensors:        " + h.tensorCount());
            out.println("architecture:   " + h.architecture().orElse("(none)"));
            out.println("name:           " + h.name().orElse("(none)"));
            out.println("context length: " + (h.contextLength().isPresent() ? h.contextLength().getAsInt()
                    : "(none)"));
            out.println("chat template:  " + h.chatTemplate()
                    .map(t -> t.length() + " characters").orElse("(none)"));
            out.println("metadata (" + h.metadata().size() + " keys):");
            for (Map.Entry<String, Object> e : h.metadata().entrySet()) {
                String v = String.valueOf(e.getValue());
                if (v.length() > 80) {
                    v = v.substring(0, 77) + "...";
                }
                out.println("  " + e.getKey() + " = " + v.replace("\n", "\\n"));
            }
            return OK;
        }
    }

    /** The version of the jar, from the pom.properties Maven writes into it ("unknown" from a classes folder). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties pom = new Properties();
            try (InputStream in = ModelsCli.class.getResourceAsStream(
                    "/META-INF/maven/dev.nl2sql/nl2sql-models/pom.properties")) {
                if (in != null) {
                    pom.load(in);
                }
            }
            return new String[] {"nl2sql-models " + pom.getProperty("version", "unknown")};
        }
    }

    /** A one-line text progress bar, redrawn at most every 200 ms. */
    static final class ProgressBar implements ModelDownloader.ProgressListener {
        private static final int WIDTH = 30;
        private final PrintStream err;
        private long lastDraw;
        private boolean drawn;
        private final long started = System.nanoTime();

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        @Override
        public void onProgress(long done, long total) {
            long now = System.nanoTime();
            if (drawn && now - lastDraw < 200_000_000L && done != total) {
                return;
            }
            lastDraw = now;
            drawn = true;
            double secs = Math.max(1e-3, (now - started) / 1e9);
            String rate = ModelResolver.humanSize((long) (done / secs)) + "/s";
            if (total > 0) {
                int filled = (int) (WIDTH * done / total);
                err.printf(Locale.ROOT, "\r[%s%s] %5.1f%%  %s / %s  %s   ", "#".repeat(filled),
                        " ".repeat(WIDTH - filled), 100.0 * done / total, ModelResolver.humanSize(done),
                        ModelResolver.humanSize(total), rate);
            } else {
                err.printf(Locale.ROOT, "\r%s  %s   ", ModelResolver.humanSize(done), rate);
            }
            err.flush();
        }

        void finish() {
            if (drawn) {
                err.println();
            }
        }
    }
}
