package dev.nl2sql.tune;

import dev.nl2sql.engine.tuning.QueryShape;
import dev.nl2sql.engine.tuning.TrainingSet;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pairs}: the training set of a database, written under one folder (T5, chat and Spider forms, a card). */
@Command(name = "pairs", description = "Write question-SQL pairs made from a database: its schema, keys and "
        + "sampled values, and the verified pairs and notes of its memory.")
final class PairsCommand implements Callable<Integer> {

    @ParentCommand
    TuneCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write into")
    Path out;

    @Mixin
    PairOptions pairs;

    @Override
    public Integer call() throws SQLException, IOException {
        database.check(spec);
        long started = System.nanoTime();
        TrainingSet set = pairs.write(spec, database, out);
        cli.out.println(summary(set, System.nanoTime() - started, out));
        return TuneCli.OK;
    }

    /** One line: pairs per split and shape, memory used, time, where written. */
    static String summary(TrainingSet set, long nanos, Path out) {
        StringJoiner shapes = new StringJoiner(" ");
        Map<QueryShape, Integer> train = TrainingSet.perShape(set.split().train());
        Map<QueryShape, Integer> validation = TrainingSet.perShape(set.split().validation());
        for (QueryShape shape : QueryShape.values()) {
            int t = train.getOrDefault(shape, 0);
            int v = validation.getOrDefault(shape, 0);
            if (t + v > 0) {
                shapes.add(shape.name().toLowerCase(Locale.ROOT) + "=" + t + "/" + v);
            }
        }
        return String.format(Locale.ROOT, "%s: %d train + %d validation pairs (%d + %d queries; memory %d pairs, "
                + "%d notes); per shape train/validation: %s; %.1f s; written to %s", set.databaseId(),
                set.split().train().size(), set.split().validation().size(),
                TrainingSet.queries(set.split().train()), TrainingSet.queries(set.split().validation()),
                set.memoryPairs(), set.memoryNotes(), shapes, nanos / 1e9, out.toAbsolutePath());
    }
}
