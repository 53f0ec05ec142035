package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.engine.linking.ValueIndexReader;
import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.picard.schema.DbSchema;
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
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar values}: the cost of reading the value index (time, columns, values, rows looked at) with
 * its default count bounds, for every Spider dev database and a generated schema, each read several times, optionally
 * with busy threads competing for the CPU. The reads of one database must agree: the index does not depend on load.
 */
@Command(name = "values",
        header = "value index read: time, columns, values, rows looked at; same result on every repeat",
        description = "Time and size of the value index read with its default count bounds.")
final class ValuesCommand implements Subcommand {

    @Option(names = "--spider", paramLabel = "DIR",
            description = "the spider-dev folder (default ../shared/benchmarks/spider-dev); none to skip")
    String spider = "../shared/benchmarks/spider-dev";

    @Option(names = "--synthetic", paramLabel = "N", description = "tables of the generated schema (default 1000; 0 "
            + "to skip)")
    int synthetic = 1000;

    @Option(names = "--repeat", paramLabel = "N",
            description = "reads of each database (default 3); the time reported is the fastest")
    int repeat = 3;

    @Option(names = "--busy", paramLabel = "N", description = "threads spinning on the CPU during the reads "
            + "(default 0)")
    int busy;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default benchmarks/target/values.json)")
    Path report = Path.of("benchmarks/target/values.json");

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        OptionChecks.atLeast("--synthetic", synthetic, 0);
        OptionChecks.atLeast("--repeat", repeat, 1);
        OptionChecks.atLeast("--busy", busy, 0);
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("busy_threads", busy);
        root.put("repeat", repeat);
        ArrayNode rows = root.putArray("databases");
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < busy; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 3;
                }
            }, "busy-" + i);
            t.setDaemon(true);
            t.start();
        }
        boolean agreed = true;
        try {
            long spiderMillis = 0;
            if (!spider.equals("none")) {
                List<Path> files;
                try (Stream<Path> dbs = Files.list(Path.of(spider, "database"))) {
                    files = dbs.map(d -> d.resolve(d.getFileName() + ".sqlite")).filter(Files::isRegularFile)
                            .sorted().toList();
                }
                for (Path file : files) {
                    Properties p = new Properties();
                    p.setProperty("open_mode", "1");
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p)) {
                        ObjectNode row = measure(c, file.getParent().getFileName().toString(), repeat, rows, out);
                        agreed &= row.get("agreed").asBoolean();
                        spiderMillis += row.get("ms").asLong();
                    }
                }
                root.put("spider_databases", files.size());
                root.put("spider_total_ms", spiderMillis);
                out.printf(Locale.ROOT, "spider: %d databases, %d ms in all (fastest read of each)%n", files.size(),
                        spiderMillis);
            }
            if (synthetic > 0) {
                try (Connection c = DriverManager.getConnection("jdbc:h2:mem:values_" + System.nanoTime())) {
                    SyntheticSchema.create(c, synthetic, 42);
                    agreed &= measure(c, "synthetic-" + synthetic, repeat, rows, out).get("agreed").asBoolean();
                }
            }
        } catch (IOException | SQLException e) {
            err.println("values: " + e);
            return 1;
        } finally {
            stop.set(true);
        }
        root.put("all_reads_agreed", agreed);
        out.println(agreed ? "every repeated read gave the same counts" : "REPEATED READS DISAGREED");
        return JsonReport.write(root, report, "values", out, err) == 0 && agreed ? 0 : 1;
    }

    private static ObjectNode measure(Connection c, String name, int repeat, ArrayNode rows, PrintStream out)
            throws SQLException {
        DbSchema schema = new SchemaReader().read(c);
        ValueIndexReader reader = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT);
        List<ValueIndexReader.Report> reports = new ArrayList<>();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long started = System.nanoTime();
            reports.add(reader.readWithReport(c, schema, SchemaReader.styleOf(c)).report());
            best = Math.min(best, (System.nanoTime() - started) / 1_000_000);
        }
        ValueIndexReader.Report r = reports.get(0);
        boolean agreed = reports.stream().allMatch(r::equals);
        ObjectNode row = rows.addObject();
        row.put("database", name);
        row.put("tables", schema.tables().size());
        row.put("text_columns", r.textColumns());
        row.put("columns_read", r.columnsRead());
        row.put("columns_failed", r.columnsFailed());
        row.put("columns_skipped", r.skippedForColumns() + r.skippedForCells() + r.skippedForValues()
                + r.skippedAfterTimeout());
        row.put("values", r.values());
        row.put("rows_looked_at", r.cellsScanned());
        row.put("long_values", r.longValues());
        row.put("ms", best);
        row.put("agreed", agreed);
        out.printf(Locale.ROOT, "%-32s %5d text columns, %5d read, %3d failed, %7d values, %9d rows, %6d ms%s%n",
                name, r.textColumns(), r.columnsRead(), r.columnsFailed(), r.values(), r.cellsScanned(), best,
                agreed ? "" : "  DISAGREED");
        return row;
    }
}
