package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prediction file (line i answers question i) measured two ways against the gold results: its SQL run as written
 * on the read-only SQLite connection, and the same SQL given to the driver by the replay engine with one attempt.
 * The difference is what the driver's SQL path (check, re-rendering, guards) loses or rescues.
 */
final class PredictionReplay {

    private static final Logger log = LoggerFactory.getLogger(PredictionReplay.class);

    /** One question that the two paths answered differently. */
    record Difference(int index, String dbId, String question, String predictedSql, String driverSql,
            String sqlState, String message, String cause) {
    }

    /** The counts of one file; lost and rescued listed one by one. */
    record Result(String name, int questions, int correctDirect, int correctDriver, List<Difference> lost,
            List<Difference> rescued, double seconds) {

        int bothCorrect() {
            return correctDirect - lost.size();
        }

        int neitherCorrect() {
            return questions - correctDirect - rescued.size();
        }
    }

    private final Path databaseDir;
    private final DriverSettings settings;
    private final int timeoutSeconds;
    private final Path workDir;
    private final String targetUrl;

    /** @param workDir where the generated replay files go (one per prediction file) */
    PredictionReplay(Path databaseDir, DriverSettings settings, int timeoutSeconds, Path workDir) {
        this(databaseDir, settings, timeoutSeconds, workDir, null);
    }

    /** @param targetUrl null: through the driver on SQLite; else on this URL ({@link SpiderRunner}'s {@code {db}}) */
    PredictionReplay(Path databaseDir, DriverSettings settings, int timeoutSeconds, Path workDir, String targetUrl) {
        this.databaseDir = databaseDir;
        this.settings = settings;
        this.timeoutSeconds = timeoutSeconds;
        this.workDir = workDir;
        this.targetUrl = targetUrl;
    }

    /**
     * Measures one file over {@code questions} (their databases present, their gold runnable).
     *
     * @param predictions the file's lines; a question beyond its end or on a blank line has no prediction
     */
    Result measure(String name, List<String> predictions, List<Question> questions, PrintStream progressOut)
            throws IOException, SpiderRunner.SetupFailure {
        long start = System.nanoTime();
        Path replay = workDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".replay.tsv");
        List<Question> keyed = new ArrayList<>(questions.size());
        StringBuilder lines = new StringBuilder();
        for (Question q : questions) {
            Question k = new Question(q.index(), q.dbId(), key(q), q.goldSql(), q.hardness());
            keyed.add(k);
            String sql = prediction(predictions, q);
            if (!sql.isEmpty()) {
                lines.append(SpiderCommand.oneLine(k.text())).append('\t').append(sql).append('\n');
            }
        }
        Files.createDirectories(workDir);
        Files.writeString(replay, lines, StandardCharsets.UTF_8);
        // One attempt: a retry would ask the replay file for a second candidate, which there is not.
        DriverSettings replaySettings = settings.with(Map.of("nl2sql.engine", "replay",
                "nl2sql.replay", replay.toAbsolutePath().toString(), "nl2sql.attempts", "1"));
        try (SpiderRunner runner = new SpiderRunner(databaseDir, replaySettings, timeoutSeconds, false, targetUrl)) {
            boolean[] direct = new boolean[questions.size()];
            int correctDirect = 0;
            for (int i = 0; i < questions.size(); i++) {
                direct[i] = correctDirectly(runner, questions.get(i), prediction(predictions, questions.get(i)));
                correctDirect += direct[i] ? 1 : 0;
            }
            List<Outcome> outcomes = runner.run("full", keyed, Progress.of(name, keyed.size(), progressOut));
            int correctDriver = 0;
            List<Difference> lost = new ArrayList<>();
            List<Difference> rescued = new ArrayList<>();
            for (int i = 0; i < questions.size(); i++) {
                Outcome o = outcomes.get(i);
                correctDriver += o.correct() ? 1 : 0;
                if (direct[i] != o.correct()) {
                    Question q = questions.get(i);
                    String message = o.valid() ? "wrong result: " + o.reason()
                            : o.reason().replaceFirst("^error: ", "");
                    Difference d = new Difference(q.index(), q.dbId(), q.text(), prediction(predictions, q),
                            o.sql(), o.sqlState(), message,
                            DifferenceCause.classify(prediction(predictions, q), o.sql(), o.valid(), message));
                    (direct[i] ? lost : rescued).add(d);
                }
            }
            log.debug("{}: {} questions, {} lost, {} rescued", name, questions.size(), lost.size(), rescued.size());
            return new Result(name, questions.size(), correctDirect, correctDriver, lost, rescued,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(replay); // generated per run; the prediction file itself is the record
        }
    }

    /** A question text unique to this question, so that dev.json's repeated questions each find their own line. */
    static String key(Question q) {
        return "[" + q.index() + "] " + q.text();
    }

    private static String prediction(List<String> predictions, Question q) {
        return q.index() < predictions.size() ? SpiderCommand.oneLine(predictions.get(q.index())) : "";
    }

    /** The prediction run as written on SQLite, compared with gold by the spider command's rules. */
    private static boolean correctDirectly(SpiderRunner runner, Question q, String sql) {
        if (sql.isEmpty()) {
            return false;
        }
        SpiderRunner.Gold gold = runner.gold(q);
        SpiderRunner.Gold answer = runner.direct(q.dbId(), sql);
        return gold.ok() && answer.ok() && ResultComparison.compare(gold.rows().rows(), answer.rows().rows(),
                runner.ordered(q)).equal();
    }
}
