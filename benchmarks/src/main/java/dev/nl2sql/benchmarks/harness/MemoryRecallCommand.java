package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.benchmarks.coverage.SpiderSchemas;
import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import dev.nl2sql.engine.memory.PairIndex;
import dev.nl2sql.engine.memory.PairMatch;
import dev.nl2sql.engine.memory.TaughtPair;
import dev.nl2sql.picard.schema.DbSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar memory-recall}: how well taught pairs are found again. For each Spider question the memory
 * holds the other questions of its database with their gold SQL; recall@k is the share of questions, among those
 * that have a partner (another question of the database whose gold SQL is the same query, {@link CanonicalSql}),
 * for which a partner is among the first k pairs returned. Plain BM25 over the words is the baseline, in the same
 * run. Also the lookup time of {@code PairIndex.nearest(question, 3)} over a large synthetic memory.
 */
@Command(name = "memory-recall",
        header = "retrieval of taught pairs: recall@1/@3 on Spider against plain BM25, lookup time at 10,000 pairs",
        description = "For each question the memory holds the other questions of its database with their gold SQL. "
                + "recall@k: share of the questions that have a partner (same canonical gold SQL) with a partner "
                + "among the first k pairs. Methods: bm25 (plain BM25 over the words, the baseline), pair_index "
                + "(PairIndex.of(pairs)), pair_index_schema (PairIndex.of(pairs, schema from tables.json)). Then "
                + "lookup time of nearest(question, 3) in an index of --pairs pairs made from the questions with "
                + "their numbers changed and a prefix or suffix added.",
        footer = {"Example: java -jar benchmarks/target/nl2sql-bench.jar memory-recall",
            "Exit status: 0 done, 1 failed (an unreadable file), 2 bad usage."})
final class MemoryRecallCommand implements Subcommand {

    @Option(names = "--questions", paramLabel = "FILE", description = "Spider question file (default "
            + "../shared/benchmarks/spider-dev/dev.json, or under $NL2SQL_SPIDER_DIR)")
    Path questions;

    @Option(names = "--tables", paramLabel = "FILE", description = "Spider schema file (default .../tables.json)")
    Path tables;

    @Option(names = "--pairs", paramLabel = "N", description = "pairs in the index of the lookup timing "
            + "(default 10000)")
    int pairs = 10_000;

    @Option(names = "--lookups", paramLabel = "N", description = "timed lookups, after as many untimed ones "
            + "(default 5000)")
    int lookups = 5_000;

    @Option(names = "--misses", paramLabel = "N", description = "misses at 3 of pair_index_schema listed in the "
            + "report (default 30)")
    int misses = 30;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON report (default benchmarks/target/memory-recall.json)")
    Path report = Path.of("benchmarks/target/memory-recall.json");

    private static final List<String> METHODS = List.of("bm25", "pair_index", "pair_index_schema");

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        OptionChecks.atLeast("--pairs", pairs, 1);
        OptionChecks.atLeast("--lookups", lookups, 1);
        OptionChecks.atLeast("--misses", misses, 0);
        Path spider = SpiderOptions.defaultSpiderDir();
        Path questionFile = questions != null ? questions : spider.resolve("dev.json");
        Path tablesFile = tables != null ? tables : spider.resolve("tables.json");
        List<Question> all;
        Map<String, DbSchema> schemas;
        try {
            all = SpiderDataset.load(questionFile);
            schemas = SpiderSchemas.load(tablesFile);
        } catch (IOException e) {
            err.println("memory-recall: " + e.getMessage());
            return 1;
        }
        long start = System.nanoTime();
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("questions_file", questionFile.toString());
        json.put("tables_file", tablesFile.toString());
        json.put("questions", all.size());
        Recall recall = recall(all, schemas);
        json.put("with_partner", recall.withPartner);
        json.put("canonical_sql", "tokens joined by one space, lower case (string literals included), single quotes, "
                + "no trailing ';', aliases of tables used once replaced by the table name");
        ObjectNode methods = json.putObject("methods");
        for (String m : METHODS) {
            ObjectNode n = methods.putObject(m);
            n.put("hits_at_1", recall.hits1.get(m));
            n.put("hits_at_3", recall.hits3.get(m));
            n.put("recall_at_1", LinkingTally.round((double) recall.hits1.get(m) / recall.withPartner));
            n.put("recall_at_3", LinkingTally.round((double) recall.hits3.get(m) / recall.withPartner));
        }
        ObjectNode near = json.putObject("near_exact");
        near.put("answered", recall.nearExact);
        near.put("same_query", recall.nearExactSame);
        near.put("note", "questions (of all) for which nearExact found another question of the database, and how "
                + "many of those have the same canonical gold SQL");
        json.set("misses", recall.missList);

        Latency latency = latency(all);
        ObjectNode lookup = json.putObject("lookup");
        lookup.put("pairs", latency.size);
        lookup.put("build_ms", LinkingTally.round(latency.buildMillis));
        lookup.put("lookups", lookups);
        lookup.set("nearest_3_ms", Percentiles.of(latency.millis));
        lookup.put("pairs_from", "the questions in file order, repeated; each copy after the first has its numbers "
                + "replaced by random ones and a prefix or suffix added (seed 1)");
        ObjectNode machine = json.putObject("machine");
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        json.put("started_at", Instant.now().toString());
        json.put("wall_seconds", LinkingTally.round((System.nanoTime() - start) / 1e9));

        ObjectNode p = (ObjectNode) lookup.get("nearest_3_ms");
        out.printf(Locale.ROOT, "memory-recall: %d of %d questions have a partner; recall@1/@3 bm25 %.3f/%.3f, "
                        + "pair_index %.3f/%.3f, with schema %.3f/%.3f; nearest(q,3) at %d pairs p50 %.3f ms "
                        + "p95 %.3f ms (%d processors)%n", recall.withPartner, all.size(),
                rate(recall.hits1, "bm25", recall), rate(recall.hits3, "bm25", recall),
                rate(recall.hits1, "pair_index", recall), rate(recall.hits3, "pair_index", recall),
                rate(recall.hits1, "pair_index_schema", recall), rate(recall.hits3, "pair_index_schema", recall),
                latency.size, p.get("p50").asDouble(), p.get("p95").asDouble(),
                Runtime.getRuntime().availableProcessors());
        return JsonReport.write(json, report, "memory-recall", out, err);
    }

    private static double rate(Map<String, Integer> hits, String method, Recall r) {
        return (double) hits.get(method) / r.withPartner;
    }

    private static final class Recall {
        int withPartner;
        int nearExact;
        int nearExactSame;
        final Map<String, Integer> hits1 = new LinkedHashMap<>();
        final Map<String, Integer> hits3 = new LinkedHashMap<>();
        final ArrayNode missList = new ObjectMapper().createArrayNode();
    }

    private Recall recall(List<Question> all, Map<String, DbSchema> schemas) {
        Recall r = new Recall();
        METHODS.forEach(m -> {
            r.hits1.put(m, 0);
            r.hits3.put(m, 0);
        });
        Map<String, List<Question>> byDb = new LinkedHashMap<>();
        all.forEach(q -> byDb.computeIfAbsent(q.dbId(), k -> new ArrayList<>()).add(q));
        Map<Integer, String> canonical = new LinkedHashMap<>();
        all.forEach(q -> canonical.put(q.index(), CanonicalSql.of(q.goldSql())));
        for (List<Question> db : byDb.values()) {
            DbSchema schema = schemas.get(db.get(0).dbId());
            for (Question q : db) {
                List<Question> others = new ArrayList<>(db);
                others.remove(q);
                String gold = canonical.get(q.index());
                List<TaughtPair> memory = others.stream().map(MemoryRecallCommand::pair).toList();
                PairIndex plain = PairIndex.of(memory);
                plain.nearExact(q.text()).ifPresent(m -> {
                    r.nearExact++;
                    if (canonical.get((int) m.pair().id()).equals(gold)) {
                        r.nearExactSame++;
                    }
                });
                boolean partner = others.stream().anyMatch(o -> canonical.get(o.index()).equals(gold));
                if (!partner) {
                    continue;
                }
                r.withPartner++;
                Map<String, List<Integer>> found = new LinkedHashMap<>();
                found.put("bm25", new PlainBm25(others.stream().map(Question::text).toList()).top(q.text(), 3)
                        .stream().map(i -> others.get(i).index()).toList());
                found.put("pair_index", ids(plain.nearest(q.text(), 3)));
                found.put("pair_index_schema", ids(PairIndex.of(memory, schema).nearest(q.text(), 3)));
                for (Map.Entry<String, List<Integer>> e : found.entrySet()) {
                    List<Integer> top = e.getValue();
                    if (!top.isEmpty() && canonical.get(top.get(0)).equals(gold)) {
                        r.hits1.merge(e.getKey(), 1, Integer::sum);
                    }
                    if (top.stream().anyMatch(i -> canonical.get(i).equals(gold))) {
                        r.hits3.merge(e.getKey(), 1, Integer::sum);
                    } else if (e.getKey().equals("pair_index_schema") && r.missList.size() < misses) {
                        ObjectNode miss = r.missList.addObject();
                        miss.put("db_id", q.dbId());
                        miss.put("question", q.text());
                        miss.put("gold", q.goldSql());
                        ArrayNode partners = miss.putArray("partners");
                        others.stream().filter(o -> canonical.get(o.index()).equals(gold))
                                .forEach(o -> partners.add(o.text()));
                        ArrayNode got = miss.putArray("found");
                        top.forEach(i -> got.add(all.get(i).text()));
                    }
                }
            }
        }
        return r;
    }

    private static TaughtPair pair(Question q) {
        return new TaughtPair(q.index(), q.text(), q.goldSql(), "spider", null, null, false);
    }

    private static List<Integer> ids(List<PairMatch> matches) {
        return matches.stream().map(m -> (int) m.pair().id()).toList();
    }

    private record Latency(int size, double buildMillis, List<Double> millis) {
    }

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final List<String> PREFIXES = List.of("", "Please tell me: ", "I would like to know: ",
            "Quick question, ", "Could you find out: ");
    private static final List<String> SUFFIXES = List.of("", " Thanks.", " (for the report)", " right now?",
            " in our data?");

    /** A variation of a question: other numbers, and a prefix or a suffix. */
    private static String vary(String question, Random random) {
        Matcher m = NUMBER.matcher(question);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Integer.toString(random.nextInt(5000)));
        }
        m.appendTail(sb);
        return PREFIXES.get(random.nextInt(PREFIXES.size())) + sb + SUFFIXES.get(random.nextInt(SUFFIXES.size()));
    }

    private Latency latency(List<Question> all) {
        Random random = new Random(1);
        List<TaughtPair> memory = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            Question q = all.get(i % all.size());
            String text = i < all.size() ? q.text() : vary(q.text(), random);
            memory.add(new TaughtPair(i, text, q.goldSql(), "bench", null, null, false));
        }
        long buildStart = System.nanoTime();
        PairIndex index = PairIndex.of(memory);
        double buildMillis = (System.nanoTime() - buildStart) / 1e6;
        BiFunction<Integer, Random, String> asked = (i, rnd) -> {
            String text = all.get(rnd.nextInt(all.size())).text();
            return i % 2 == 0 ? text : vary(text, rnd);
        };
        Random warm = new Random(2);
        long sink = 0;
        for (int i = 0; i < lookups; i++) {
            sink += index.nearest(asked.apply(i, warm), 3).size();
        }
        Random timed = new Random(3);
        List<Double> millis = new ArrayList<>(lookups);
        for (int i = 0; i < lookups; i++) {
            String question = asked.apply(i, timed);
            long t0 = System.nanoTime();
            sink += index.nearest(question, 3).size();
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        if (sink < 0) {
            throw new AssertionError(); // keeps the lookups from being optimised away
        }
        return new Latency(index.size(), buildMillis, millis);
    }
}
