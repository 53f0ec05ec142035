package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import dev.nl2sql.driver.DriverProperty;
import dev.nl2sql.driver.NlMemory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spider --teach FILE}: the memory learns the pairs of one Spider-format file before the questions of another
 * are asked, so that EX with and without memory can be compared on a split of one's own questions. Only the pairs of
 * databases that questions are asked about are taught, through {@link NlMemory} as a user would teach them.
 */
final class TeachBeforeAsking {

    private TeachBeforeAsking() {
    }

    /**
     * Teaches the pairs and returns the settings to ask with: those given, with a fresh store for this run when no
     * {@code nl2sql.memoryUrl} was given (a user's own memory is neither read nor filled by a benchmark).
     */
    static DriverSettings teach(Path file, List<Question> asked, Path databaseDir, DriverSettings given,
            PrintStream out, PrintStream err) throws IOException, SQLException {
        DriverSettings settings = given;
        if (given.value(DriverProperty.MEMORY_URL).isEmpty()) {
            Path store = Files.createTempDirectory("nl2sql-spider-memory");
            settings = given.with(Map.of(DriverProperty.MEMORY_URL.key(),
                    "jdbc:h2:file:" + store.resolve("memory").toAbsolutePath()));
        }
        Set<String> databases = new LinkedHashSet<>();
        asked.forEach(q -> databases.add(q.dbId()));
        List<Question> pairs = SpiderDataset.load(file);
        int taught = 0;
        int refused = 0;
        for (String db : databases) {
            List<Question> ofDb = pairs.stream().filter(p -> p.dbId().equals(db)).toList();
            if (ofDb.isEmpty()) {
                continue;
            }
            // the URL the questions are asked on (the memory belongs to it): the file's absolute path
            String url = "jdbc:nl2sql:sqlite:" + SpiderDataset.databaseFile(databaseDir, db).toAbsolutePath();
            try (Connection c = DriverManager.getConnection(url, settings.connectionProperties())) {
                NlMemory memory = NlMemory.of(c).as("spider --teach");
                for (Question p : ofDb) {
                    try {
                        memory.teach(p.text(), p.goldSql());
                        taught++;
                    } catch (SQLException e) {
                        refused++;
                        err.println("spider: --teach refused (" + e.getSQLState() + ") " + db + ": " + p.text()
                                + ": " + e.getMessage());
                    }
                }
            }
        }
        out.println("spider: taught " + taught + " pairs from " + file + " (refused " + refused + ") into "
                + settings.value(DriverProperty.MEMORY_URL).orElse("?"));
        return settings;
    }
}
