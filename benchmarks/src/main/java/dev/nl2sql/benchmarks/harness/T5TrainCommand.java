package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.t5.PicardInput;
import dev.nl2sql.engine.t5.RandomT5Checkpoint;
import dev.nl2sql.engine.t5.T5AdapterCard;
import dev.nl2sql.engine.t5.T5Config;
import dev.nl2sql.engine.t5.training.T5Trainer;
import dev.nl2sql.engine.t5.training.T5TrainingException;
import dev.nl2sql.engine.t5.training.T5TrainingJob;
import dev.nl2sql.engine.t5.training.T5TrainingResult;
import dev.nl2sql.engine.t5.training.T5TrainingSettings;
import dev.nl2sql.engine.t5.training.TrainingListener;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar t5-train}: T5 training on this machine, measured. Writes a random T5 checkpoint of the asked
 * shape (real T5 vocabulary), a synthetic training set from a Spider database's tables (paraphrased counts and column
 * listings, split by query so paraphrases of one query stay on one side), trains it (full fine-tuning or LoRA) and
 * reports the loss curve, training tokens per second and, with {@code --score}, the validation execution accuracy
 * through JDBC ({@code jdbc:nl2sql:} with the trained weights) before and after training.
 */
@Command(name = "t5-train",
        header = "T5 training speed (tokens/s), loss curve and validation execution accuracy on a Spider database",
        customSynopsis = "java -jar nl2sql-bench.jar t5-train [options]",
        description = "Trains a random T5 of the given shape on synthetic pairs from a Spider database's schema.")
final class T5TrainCommand implements Subcommand {

    @Option(names = "--shape", paramLabel = "NAME", description = "tiny (2+2 layers, d_model 32) or small "
            + "(t5-small's shape, 60M parameters); default tiny")
    String shape = "tiny";

    @Option(names = "--mode", paramLabel = "MODE", description = "full (every weight) or lora; default full")
    String mode = "full";

    @Option(names = "--db", paramLabel = "ID", description = "Spider database (default concert_singer)")
    String db = "concert_singer";

    @Option(names = "--epochs", paramLabel = "N", description = "most epochs (default 20)")
    int epochs = 20;

    @Option(names = "--steps", paramLabel = "N", description = "most optimizer steps (default: no limit)")
    long steps;

    @Option(names = "--minutes", paramLabel = "M", description = "training time budget in minutes (default 20)")
    double minutes = 20;

    @Option(names = "--batch", paramLabel = "N", description = "batch size (default 16)")
    int batch = 16;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate (default 3e-3 full, 1e-3 lora)")
    Double learningRate;

    @Option(names = "--rank", paramLabel = "R", description = "LoRA rank (default 8)")
    int rank = 8;

    @Option(names = "--score", description = "score validation execution accuracy through JDBC before training and "
            + "with the kept weights after it")
    boolean score;

    @Option(names = "--score-epochs", description = "also score after every epoch, and keep the most accurate "
            + "epoch (slow on a CPU: every validation question is answered)")
    boolean scoreEpochs;

    @Option(names = "--spider", paramLabel = "DIR",
            description = "the spider-dev folder (default ../shared/benchmarks/spider-dev)")
    Path spider = Path.of("../shared/benchmarks/spider-dev");

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default "
            + "benchmarks/target/t5-train.json)")
    Path report = Path.of("benchmarks/target/t5-train.json");

    /** One synthetic query and its paraphrases. */
    private record Query(String sql, List<String> questions) {
    }

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        if (!shape.equals("tiny") && !shape.equals("small")) {
            throw new UsageException("--shape is tiny or small, not " + shape);
        }
        if (!mode.equals("full") && !mode.equals("lora")) {
            throw new UsageException("--mode is full or lora, not " + mode);
        }
        OptionChecks.atLeast("--epochs", epochs, 1);
        OptionChecks.atLeast("--batch", batch, 1);
        ObjectNode result = new ObjectMapper().createObjectNode();
        try {
            Path work = Files.createTempDirectory("nl2sql-t5-train");
            Path checkpoint = work.resolve("base");
            T5Config config = RandomT5Checkpoint.shape(shape);
            RandomT5Checkpoint.writeForTraining(checkpoint, Path.of("../shared/models/t5-small/tokenizer.json"), config,
                    1);
            Path database = SpiderDataset.databaseFile(spider.resolve("database"), db).toAbsolutePath();
            String url = "jdbc:sqlite:" + database + "?open_mode=1";
            List<Query> validation = new ArrayList<>();
            int[] sizes = writeTrainingSet(url, work.resolve("set"), validation);
            out.printf("t5-train: %s %s, %d training and %d validation pairs from %s%n", shape, mode, sizes[0],
                    sizes[1], db);
            result.put("shape", shape).put("mode", mode).put("parameters", config.parameterCount())
                    .put("database", db).put("train_pairs", sizes[0]).put("validation_pairs", sizes[1]);
            boolean full = mode.equals("full");
            T5TrainingSettings.Builder settings = (full ? T5TrainingSettings.fullFineTuning()
                    : T5TrainingSettings.lora().rank(rank).alpha(2.0 * rank))
                    .device("cpu").batchSize(batch).epochs(epochs).patience(epochs).maxSteps(steps)
                    .timeBudget(Duration.ofMillis((long) (minutes * 60_000))).warmupSteps(20)
                    .schedule(T5TrainingSettings.Schedule.CONSTANT).maxInputTokens(512).maxTargetTokens(64)
                    .checkpointEvery(200).learningRate(learningRate != null ? learningRate : full ? 3e-3 : 1e-3);
            if (score) {
                double before = accuracy(url, checkpoint, null, validation);
                result.put("accuracy_before", before);
                out.printf("t5-train: validation execution accuracy before training %.3f%n", before);
            }
            ArrayNode curve = result.putArray("loss_curve");
            long started = System.nanoTime();
            T5TrainingResult trained = T5Trainer.run(new T5TrainingJob(checkpoint, work.resolve("set"),
                    work.resolve("out"), "spider:" + db, false), settings.build(), !scoreEpochs ? null
                    : (weights, epoch) -> full ? accuracy(url, weights, null, validation)
                            : accuracy(url, checkpoint, weights, validation), new TrainingListener() {
                        @Override
                        public void onStep(Progress p) {
                            if (p.step() == 1 || p.step() % 10 == 0) {
                                curve.addObject().put("step", p.step()).put("loss", round(p.loss()))
                                        .put("seconds", round((System.nanoTime() - started) / 1e9));
                            }
                        }

                        @Override
                        public void onEvaluation(T5AdapterCard.Epoch e) {
                            out.printf(Locale.ROOT, "epoch %d: train loss %.3f, validation loss %.3f, accuracy %s "
                                    + "(%.0f s)%n", e.epoch(), e.trainLoss(), e.validationLoss(),
                                    e.validationAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                                            e.validationAccuracy()), (System.nanoTime() - started) / 1e9);
                        }
                    });
            result.put("steps", trained.steps()).put("stop", trained.stop().name())
                    .put("tokens_per_second", round(trained.tokensPerSecond()))
                    .put("best_epoch", trained.bestEpoch())
                    .put("wall_seconds", round((System.nanoTime() - started) / 1e9));
            result.set("evaluations", new ObjectMapper().valueToTree(trained.evaluations()));
            if (score) {
                Path kept = work.resolve("out");
                double after = full ? accuracy(url, kept, null, validation) : accuracy(url, checkpoint, kept,
                        validation);
                result.put("accuracy_after", after);
                out.printf(Locale.ROOT, "t5-train: validation execution accuracy with the kept weights (epoch %d) "
                        + "%.3f%n", trained.bestEpoch(), after);
            }
            out.printf(Locale.ROOT, "t5-train: %d steps, %.0f training tokens/s, stopped by %s%n", trained.steps(),
                    trained.tokensPerSecond(), trained.stop());
        } catch (IOException e) {
            err.println("t5-train: " + e);
            return 1;
        } catch (SQLException e) {
            err.println("t5-train: " + e.getSQLState() + " " + e.getMessage());
            return 1;
        } catch (T5TrainingException e) {
            err.println("t5-train: " + e.getMessage());
            return 1;
        }
        return JsonReport.write(result, report, "t5-train", out, err);
    }

    /**
     * Paraphrased counts of each table and listings of each column, serialised as the T5 engine serialises a
     * question (whole schema, no values). A fifth of the queries, every paraphrase of each, go to validation.
     */
    private static int[] writeTrainingSet(String url, Path set, List<Query> validation)
            throws SQLException, IOException {
        DbSchema schema;
        try (Connection c = DriverManager.getConnection(url)) {
            schema = SchemaReader.withoutSamples().read(c);
        }
        String databaseId = PicardInput.databaseId(url, schema.name());
        List<Query> queries = new ArrayList<>();
        for (DbTable table : schema.tables()) {
            String t = table.name().toLowerCase(Locale.ROOT);
            String words = t.replace('_', ' ');
            queries.add(new Query("select count(*) from " + t, List.of("How many " + words + " are there?",
                    "Count the " + words + ".", "What is the number of " + words + "?",
                    "How many rows does " + words + " have?", "Tell me how many " + words + " we have.")));
            for (DbColumn column : table.columns()) {
                String col = column.name().toLowerCase(Locale.ROOT);
                String colWords = col.replace('_', ' ');
                queries.add(new Query("select " + col + " from " + t, List.of("List the " + colWords + " of all "
                        + words + ".", "Show every " + words + " " + colWords + ".", "What are the " + colWords
                        + " values of the " + words + "?", "Give me the " + colWords + " of each " + words + ".")));
            }
        }
        List<String> train = new ArrayList<>();
        List<String> held = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            boolean validate = i % 5 == 4;
            if (validate) {
                validation.add(q);
            }
            for (String question : q.questions()) {
                String line = json.writeValueAsString(json.createObjectNode()
                        .put("input", PicardInput.serialize(question, databaseId, schema, List.of()))
                        .put("target", databaseId + " | " + q.sql()));
                (validate ? held : train).add(line);
            }
        }
        Path t5 = Files.createDirectories(set.resolve("t5"));
        Files.write(t5.resolve("train.jsonl"), train);
        Files.write(t5.resolve("validation.jsonl"), held);
        return new int[] {train.size(), held.size()};
    }

    /** Execution accuracy of the validation questions asked through JDBC with these weights. */
    private static double accuracy(String url, Path model, Path adapter, List<Query> validation)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "t5");
        p.setProperty("nl2sql.model", model.toString());
        p.setProperty("nl2sql.device", "cpu");
        p.setProperty("nl2sql.memory", "off");
        p.setProperty("nl2sql.conversation", "off"); // every validation question stands alone
        p.setProperty("nl2sql.maxTokens", "64");
        if (adapter != null) {
            p.setProperty("nl2sql.adapter", adapter.toString());
        }
        int right = 0;
        int asked = 0;
        try (Connection nl = DriverManager.getConnection("jdbc:nl2sql:" + url, p);
             Connection plain = DriverManager.getConnection(url);
             Statement s = nl.createStatement();
             Statement g = plain.createStatement()) {
            for (Query q : validation) {
                Rows gold;
                try (ResultSet rs = g.executeQuery(q.sql())) {
                    gold = Rows.read(rs);
                }
                for (String question : q.questions()) {
                    asked++;
                    try (ResultSet rs = s.executeQuery("NL: " + question)) {
                        if (ResultComparison.equivalent(gold.rows(), Rows.read(rs).rows(),
                                ResultComparison.orderMatters(q.sql()))) {
                            right++;
                        }
                    } catch (SQLException e) {
                        // a question the model cannot answer counts as wrong
                    }
                }
            }
        }
        return asked == 0 ? 0 : (double) right / asked;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
