package dev.nl2sql.models;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Command line for the model catalogue: {@code list}, {@code download <id> [--dir DIR]},
 * {@code inspect <file.gguf>}. Exit status 0 on success, 1 on failure, 2 on a usage error.
 */
public final class ModelsCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar nl2sql-models.jar <command>",
            "  list                                  the models of the catalogue",
            "  download <id> [--dir DIR] [--allow-unverified]",
            "                                        download a catalogue model (default DIR: "
                    + "nl2sql.modelsDir, $NL2SQL_MODELS_DIR or ~/.cache/nl2sql/models)",
            "  inspect <file.gguf>                   print the GGUF header of a model file");

    private ModelsCli() {
    }

    public static void main(String[] args) {
        // slf4j-api is shaded in without a provider: keep its "no provider" notice off the terminal.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        int status;
        try {
            status = run(args, System.out, System.err);
        } catch (RuntimeException e) {
            System.err.println("error: " + e);
            status = FAILED;
        }
        System.exit(status);
    }

    /** Runs a command; returns the exit status (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            switch (args[0]) {
                case "list":
                    if (args.length != 1) {
                        return usage(err, "list takes no arguments");
                    }
                    return list(out);
                case "download":
                    return download(args, out, err);
                case "inspect":
                    if (args.length != 2) {
                        return usage(err, "inspect takes one file");
                    }
                    return inspect(Path.of(args[1]), out);
                case "-h": case "--help": case "help":
                    out.println(USAGE_TEXT);
                    return OK;
                default:
                    return usage(err, "unknown command '" + args[0] + "'");
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private static int list(PrintStream out) {
        Path dir = ModelResolver.defaultModelsDir();
        out.printf(Locale.ROOT, "%-36s %10s  %-8s %-10s %s%n", "ID", "SIZE", "TEMPLATE", "STATUS", "DESCRIPTION");
        for (ModelCatalog.Entry e : ModelCatalog.builtIn().entries()) {
            boolean present = java.nio.file.Files.isRegularFile(dir.resolve(e.fileName()));
            String status = present ? "present" : (e.hasChecksum() ? "-" : "unverified");
            out.printf(Locale.ROOT, "%-36s %10s  %-8s %-10s %s%n", e.id(), ModelResolver.humanSize(e.sizeBytes()),
                    e.chatTemplate().id(), status, e.description());
        }
        out.println("models folder: " + dir.toAbsolutePath());
        return OK;
    }

    private static int download(String[] args, PrintStream out, PrintStream err) throws IOException {
        String id = null;
        Path dir = null;
        boolean allowUnverified = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--dir")) {
                if (i + 1 >= args.length) {
                    return usage(err, "--dir needs a directory");
                }
                dir = Path.of(args[++i]);
            } else if (a.startsWith("--dir=")) {
                dir = Path.of(a.substring("--dir=".length()));
            } else if (a.equals("--allow-unverified")) {
                allowUnverified = true;
            } else if (a.startsWith("-")) {
                return usage(err, "unknown option " + a);
            } else if (id == null) {
                id = a;
            } else {
                return usage(err, "download takes one model id");
            }
        }
        if (id == null) {
            return usage(err, "download needs a model id (see 'list')");
        }
        var entry = ModelCatalog.builtIn().find(id);
        if (entry.isEmpty()) {
            err.println("error: '" + id + "' is not in the catalogue; 'list' shows the ids");
            return USAGE;
        }
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
        out.println(file.toAbsolutePath());
        return OK;
    }

    private static int inspect(Path file, PrintStream out) throws IOException {
        GgufHeader h = GgufHeader.read(file);
        out.println("file:           " + file.toAbsolutePath());
        out.println("gguf version:   " + h.version());
        out.println("tensors:        " + h.tensorCount());
        out.println("architecture:   " + h.architecture().orElse("(none)"));
        out.println("name:           " + h.name().orElse("(none)"));
        out.println("context length: " + (h.contextLength().isPresent() ? h.contextLength().getAsInt() : "(none)"));
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
