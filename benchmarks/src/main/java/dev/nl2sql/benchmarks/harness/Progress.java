package dev.nl2sql.benchmarks.harness;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of one pass on standard error: on a terminal one line redrawn after every question
 * ({@code full     [#######.......] 412/972  EX 0.31  valid 0.88  1.9 s/q  ETA 12:40}); otherwise (a log file, CI)
 * the same line once every tenth of the questions.
 */
final class Progress {

    private static final int BAR = 30;

    private final String label;
    private final int total;
    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int lastTenth;
    private boolean drawn;

    Progress(String label, int total, PrintStream err, boolean terminal) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.terminal = terminal;
    }

    /** A progress line for the terminal when there is one ({@code System.console() != null}). */
    static Progress of(String label, int total, PrintStream err) {
        return new Progress(label, total, err, System.console() != null);
    }

    void update(int done, int correct, int valid) {
        String line = line(done, correct, valid, System.nanoTime() - start);
        if (terminal) {
            err.print('\r' + line);
            err.flush();
            drawn = true;
        } else {
            int tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println(line);
            }
        }
    }

    void finish() {
        if (terminal && drawn) {
            err.println();
        }
    }

    String line(int done, int correct, int valid, long elapsedNanos) {
        int filled = total == 0 ? BAR : (int) ((long) done * BAR / total);
        double secondsPerQuestion = done == 0 ? 0 : elapsedNanos / 1e9 / done;
        long etaSeconds = Math.round(secondsPerQuestion * (total - done));
        return String.format(Locale.ROOT, "%-8s [%s%s] %d/%d  EX %.2f  valid %.2f  %s s/q  ETA %s", label,
                "#".repeat(filled), ".".repeat(BAR - filled), done, total, done == 0 ? 0.0 : (double) correct / done,
                done == 0 ? 0.0 : (double) valid / done,
                String.format(Locale.ROOT, secondsPerQuestion < 1 ? "%.2f" : "%.1f", secondsPerQuestion),
                clock(etaSeconds));
    }

    /** 12:40 (minutes:seconds), or 1:02:03 past an hour. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
