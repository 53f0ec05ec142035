package dev.nl2sql.benchmarks.harness;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar load}: many threads through one HikariCP pool over a {@code jdbc:nl2sql:} URL for a bounded
 * time, mixing a plain query with a question, and the process's resident memory (RSS: heap, native model memory,
 * driver buffers) before and after, to show that nothing grows with use. Through JDBC only.
 */
@Command(name = "load",
        header = "many threads through a HikariCP pool, SQL and questions mixed; throughput, errors, RSS",
        customSynopsis = "java -jar nl2sql-bench.jar load --url=jdbc:nl2sql:... [options] [-Dnl2sql.x=y ...]",
        description = "Many threads through one HikariCP pool, plain SQL and questions mixed; reports throughput, "
                + "errors by SQLState and the process's resident memory before and after (Linux /proc/self/status).")
final class LoadCommand implements Subcommand {

    @Option(names = "--url", paramLabel = "URL", description = "the jdbc:nl2sql: URL (required)")
    String url;

    @Option(names = "--sql", paramLabel = "SQL", description = "the plain query (default SELECT 1)")
    String sql = "SELECT 1";

    @Option(names = "--question", paramLabel = "TEXT",
            description = "the question (default \"how many rows are in the first table?\")")
    String question = "how many rows are in the first table?";

    @Option(names = "--threads", paramLabel = "N", description = "threads and pool size (default 32)")
    int threads = 32;

    @Option(names = "--seconds", paramLabel = "N", description = "how long each round issues work (default 30)")
    int seconds = 30;

    @Option(names = "--rounds", paramLabel = "N", description = "rounds; RSS is read after each (default 3)")
    int rounds = 3;

    @Option(names = "--every", paramLabel = "N", description = "one question per N statements of a thread "
            + "(default 4)")
    int every = 4;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Statement.setQueryTimeout of each question (default 30)")
    int timeout = 30;

    @Option(names = "--questions", paramLabel = "N", description = "questions per thread and round, then the thread "
            + "stops (default 0: no bound)")
    int questions;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default "
            + "benchmarks/target/load-report.json)")
    Path report = Path.of("benchmarks/target/load-report.json");

    @Mixin
    DriverSettings driver = new DriverSettings();

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        OptionChecks.atLeast("--threads", threads, 1);
        OptionChecks.atLeast("--seconds", seconds, 1);
        OptionChecks.atLeast("--rounds", rounds, 1);
        OptionChecks.atLeast("--every", every, 1);
        OptionChecks.atLeast("--timeout", timeout, 1);
        OptionChecks.atLeast("--questions", questions, 0);
        if (url == null || !url.startsWith("jdbc:nl2sql:")) {
            throw new UsageException("--url jdbc:nl2sql:... is required");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(threads);
        config.setPoolName("nl2sql-load");
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(timeout + 30L));
        driver.connectionProperties().forEach((k, v) -> config.addDataSourceProperty((String) k, v));
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("url", url).put("threads", threads).put("seconds_per_round", seconds).put("every", every)
                .put("timeout_seconds", timeout).put("questions_per_thread", questions);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            // one question first: the model loads, and the first RSS reading includes it
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(timeout + 300);
                drain(s.executeQuery("NL NEW: " + question));
            } catch (SQLException e) {
                err.println("load: the first question failed: " + e.getSQLState() + " " + e.getMessage());
                return 1;
            }
            long before = ProcessMemory.rssKiB();
            result.put("rss_kib_after_warmup", before);
            out.printf("load: warm, RSS %d MiB; %d rounds of %d s with %d threads%n", before / 1024, rounds, seconds,
                    threads);
            var roundsNode = result.putArray("rounds");
            for (int r = 1; r <= rounds; r++) {
                Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
                Map<String, AtomicLong> counts = round(pool, threads, seconds, every, timeout, questions, sql,
                        question, latencies);
                System.gc();
                long rss = ProcessMemory.rssKiB();
                ObjectNode node = roundsNode.addObject().put("round", r).put("rss_kib", rss);
                Map<String, Long> sorted = new TreeMap<>();
                counts.forEach((k, v) -> sorted.put(k, v.get()));
                sorted.forEach(node::put);
                ObjectNode latencyNode = node.putObject("question_latency_ms");
                new TreeMap<>(latencies).forEach((outcome, values) -> latencyNode.set(outcome,
                        Percentiles.of(values).put("count", values.size())));
                out.printf("round %d: %s  RSS %d MiB  active connections %d%n", r, sorted, rss / 1024,
                        pool.getHikariPoolMXBean().getActiveConnections());
                out.printf("  question latency (ms) by outcome: %s%n", latencyNode);
            }
            result.put("rss_kib_after", ProcessMemory.rssKiB());
        }
        return JsonReport.write(result, report, "load", out, err);
    }

    /**
     * One round. Each question's wall time (executeQuery and reading its rows) is kept by outcome ({@code ok}, or the
     * SQLState) and under {@code all}.
     */
    private static Map<String, AtomicLong> round(HikariDataSource pool, int threads, int seconds, int every,
            int timeout, int questions, String sql, String question, Map<String, List<Double>> latencies) {
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Runnable> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            tasks.add(() -> {
                int asked = 0;
                for (int i = 0; System.nanoTime() < end && (questions == 0 || asked < questions); i++) {
                    boolean ask = i % every == id % every;
                    String kind = ask ? "questions" : "sql";
                    String outcome = "ok";
                    long started = System.nanoTime();
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        if (ask) {
                            s.setQueryTimeout(timeout);
                        }
                        drain(s.executeQuery(ask ? "NL NEW: " + question : sql));
                    } catch (SQLException e) {
                        outcome = String.valueOf(e.getSQLState());
                    }
                    counts.computeIfAbsent(kind + "_" + outcome, k -> new AtomicLong()).incrementAndGet();
                    if (ask) {
                        asked++;
                        double millis = (System.nanoTime() - started) / 1e6;
                        for (String key : List.of(outcome, "all")) {
                            latencies.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(millis);
                        }
                    }
                }
            });
        }
        tasks.forEach(workers::submit);
        workers.shutdown();
        try {
            workers.awaitTermination(seconds + timeout + 60L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return counts;
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }
}
