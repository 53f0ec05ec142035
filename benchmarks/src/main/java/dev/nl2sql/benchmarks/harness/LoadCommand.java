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

/**
 * {@code nl2sql-bench.jar load}: many threads through one HikariCP pool over a {@code jdbc:nl2sql:} URL for a bounded
 * time, mixing a plain query with a question, and the process's resident memory (RSS: heap, native model memory,
 * driver buffers) before and after, to show that nothing grows with use. Through JDBC only.
 */
final class LoadCommand implements Subcommand {

    static final String USAGE = String.join("\n",
            "Usage: java -jar nl2sql-bench.jar load --url jdbc:nl2sql:... [options] [-Dnl2sql.x=y ...]",
            "Many threads through one HikariCP pool, plain SQL and questions mixed; reports throughput, errors by",
            "SQLState and the process's resident memory before and after (Linux /proc/self/status).",
            "",
            "  --url URL            the jdbc:nl2sql: URL (required)",
            "  --sql SQL            the plain query (default SELECT 1)",
            "  --question TEXT      the question (default \"how many rows are in the first table?\")",
            "  --threads N          threads and pool size (default 32)",
            "  --seconds N          how long each round issues work (default 30)",
            "  --rounds N           rounds; RSS is read after each (default 3)",
            "  --every N            one question per N statements of a thread (default 4)",
            "  --timeout SECONDS    Statement.setQueryTimeout of each question (default 30)",
            "  --questions N        questions per thread and round, then the thread stops (default 0: no bound)",
            "  --out FILE           JSON report (default benchmarks/target/load-report.json)",
            "  -Dnl2sql.x=y         a driver property (also --prop nl2sql.x=y)");

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "many threads through a HikariCP pool, SQL and questions mixed; throughput, errors, RSS";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        String url = null;
        String sql = "SELECT 1";
        String question = "how many rows are in the first table?";
        int threads = 32;
        int seconds = 30;
        int rounds = 3;
        int every = 4;
        int timeout = 30;
        int questions = 0;
        Path report = Path.of("benchmarks/target/load-report.json");
        DriverSettings driver = new DriverSettings();
        CommandLine line = new CommandLine(args);
        while (line.advance()) {
            if (driver.accept(line)) {
                continue;
            }
            switch (line.option()) {
                case "--url" -> url = line.value();
                case "--sql" -> sql = line.value();
                case "--question" -> question = line.value();
                case "--threads" -> threads = line.intValue(1);
                case "--seconds" -> seconds = line.intValue(1);
                case "--rounds" -> rounds = line.intValue(1);
                case "--every" -> every = line.intValue(1);
                case "--timeout" -> timeout = line.intValue(1);
                case "--questions" -> questions = line.intValue(0);
                case "--out" -> report = line.pathValue();
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw line.unknown();
            }
        }
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
                drain(s.executeQuery("NL: " + question));
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
                        drain(s.executeQuery(ask ? "NL: " + question : sql));
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
