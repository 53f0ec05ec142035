package dev.nl2sql.tune;

import dev.nl2sql.driver.NlTuning;
import dev.nl2sql.engine.tuning.QueryShape;
import dev.nl2sql.engine.tuning.TrainingSet;
import dev.nl2sql.engine.tuning.TrainingSetBuilder;
import dev.nl2sql.engine.tuning.TrainingSetWriter;
import dev.nl2sql.engine.tuning.TuningSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "the database, as a jdbc:nl2sql: URL (nl2sql.* settings and memory included)")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "the database account")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "its password")
    String password;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE",
            description = "a connection property, such as nl2sql.memoryUrl=... (repeatable)")
    Map<String, String> connectionProperties = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write into")
    Path out;

    @Option(names = "--validation", paramLabel = "SHARE", defaultValue = "0.15",
            description = "share of the queries held out for validation, 0 to 0.5 (default ${DEFAULT-VALUE})")
    double validation;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "seed of the split and of the wordings (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-pairs", paramLabel = "N", defaultValue = "5000",
            description = "most pairs written from the schema, memory pairs aside (default ${DEFAULT-VALUE})")
    int maxPairs;

    @Option(names = "--per-query", paramLabel = "N", defaultValue = "3",
            description = "most wordings of one query (default ${DEFAULT-VALUE})")
    int perQuery;

    @Override
    public Integer call() throws SQLException, IOException {
        if (!url.startsWith("jdbc:nl2sql:")) {
            throw new ParameterException(spec.commandLine(), "--url must be a jdbc:nl2sql: URL, such as "
                    + "jdbc:nl2sql:jdbc:sqlite:shop.db (the settings and memory of questions come with it)");
        }
        TrainingSetBuilder.Options options;
        try {
            options = new TrainingSetBuilder.Options(validation, seed, maxPairs, perQuery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long started = System.nanoTime();
        Properties properties = new Properties();
        properties.putAll(connectionProperties);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            TuningSource source = NlTuning.source(connection);
            TrainingSet set = new TrainingSetBuilder().build(source, options);
            new TrainingSetWriter().write(set, source, out);
            cli.out.println(summary(set, System.nanoTime() - started));
        }
        return TuneCli.OK;
    }

    private String summary(TrainingSet set, long nanos) {
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
