package dev.nl2sql.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar load-spider}: copies Spider's SQLite databases into PostgreSQL or MariaDB ({@link
 * SpiderLoader}), so that the predictions command's {@code --target-url} can replay questions there.
 */
@Command(name = "load-spider",
        header = "copy the Spider SQLite databases into PostgreSQL or MariaDB (types by what SQLite stores)",
        description = "Copies each Spider database into the server of --url: PostgreSQL one schema per database, "
                + "MariaDB one database per database, named <prefix><db id> in lower case; drops and recreates only "
                + "those. Column types follow what SQLite stores (integers, reals, text, blobs), text compares by "
                + "code point as SQLite's BINARY collation (PostgreSQL COLLATE \"C\", MariaDB utf8mb4_nopad_bin); "
                + "primary and foreign keys are kept where the data and the server accept them, and the others "
                + "listed.",
        footer = {"Examples: java -jar benchmarks/target/nl2sql-bench.jar load-spider "
                + "--url 'jdbc:postgresql://127.0.0.1:5432/spider_dev?user=postgres'",
            "  java -jar benchmarks/target/nl2sql-bench.jar load-spider "
                + "--url 'jdbc:mariadb://127.0.0.1:3306/test?user=root' --db concert_singer,pets_1",
            "Then: predictions --target-url 'jdbc:postgresql://127.0.0.1:5432/spider_dev?user=postgres"
                + "&currentSchema=spider_{db}'",
            "Exit status: 0 done, 1 failed, 2 bad usage."})
final class LoadSpiderCommand implements Subcommand {

    @Option(names = "--url", paramLabel = "URL", required = true,
            description = "a jdbc:postgresql: or jdbc:mariadb: URL of the server (its database must exist)")
    String url;

    @Option(names = "--spider-dir", paramLabel = "DIR", description = "Spider folder with database/ (default "
            + "../shared/benchmarks/spider-dev, or $NL2SQL_SPIDER_DIR)")
    Path spiderDir;

    @Option(names = "--db", paramLabel = "ID", split = ",", description = "only these databases (default all)")
    List<String> databases = new ArrayList<>();

    @Option(names = "--prefix", paramLabel = "TEXT", description = "prefix of the schema or database names "
            + "(default spider_)")
    String prefix = "spider_";

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        try {
            SpiderLoader.Target.of(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: " + e.getMessage());
        }
        if (!prefix.matches("[A-Za-z0-9_]*")) {
            throw new UsageException("--prefix takes letters, digits and _ only, not \"" + prefix + "\".");
        }
        Path dir = (spiderDir != null ? spiderDir : SpiderOptions.defaultSpiderDir()).resolve("database");
        try {
            List<String> ids = OptionChecks.items("--db", databases);
            if (ids.isEmpty()) {
                try (Stream<Path> listing = Files.list(dir)) {
                    ids = listing.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
                }
            }
            int failed = 0;
            try (Connection target = DriverManager.getConnection(url)) {
                for (String id : ids) {
                    Path file = SpiderDataset.databaseFile(dir, id);
                    if (!Files.isRegularFile(file)) {
                        err.println("load-spider: no database " + file);
                        failed++;
                        continue;
                    }
                    long start = System.nanoTime();
                    try {
                        SpiderLoader.Report r = SpiderLoader.load(file, id, target,
                                SpiderLoader.targetName(prefix, id));
                        out.printf(Locale.ROOT, "%-32s -> %-40s tables %2d  rows %7d  primary keys %2d  foreign "
                                + "keys %2d  skipped %d  (%.1f s)%n", id, r.target(), r.tables(), r.rows(),
                                r.primaryKeys(), r.foreignKeys(), r.skipped().size(),
                                (System.nanoTime() - start) / 1e9);
                        r.skipped().forEach(s -> out.println("    skipped " + s));
                    } catch (SQLException e) {
                        err.println("load-spider: " + id + ": " + SpiderRunner.firstLine(e));
                        failed++;
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        } catch (IOException | SQLException e) {
            err.println("load-spider: " + e.getMessage());
            return 1;
        }
    }
}
