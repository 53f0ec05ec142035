package dev.nl2sql.tune;

import dev.nl2sql.driver.NlTuning;
import dev.nl2sql.engine.tuning.TrainingSet;
import dev.nl2sql.engine.tuning.TrainingSetBuilder;
import dev.nl2sql.engine.tuning.TrainingSetWriter;
import dev.nl2sql.engine.tuning.TuningSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How a training set is made from the database: the split, the seed and how many pairs. */
final class PairOptions {

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

    /** Makes the training set of the database and writes it under {@code out}. */
    TrainingSet write(CommandSpec spec, DatabaseOptions database, Path out) throws SQLException, IOException {
        TrainingSetBuilder.Options options;
        try {
            options = new TrainingSetBuilder.Options(validation, seed, maxPairs, perQuery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Connection connection = database.open()) {
            TuningSource source = NlTuning.source(connection);
            TrainingSet set = new TrainingSetBuilder().build(source, options);
            new TrainingSetWriter().write(set, source, out);
            return set;
        }
    }
}
