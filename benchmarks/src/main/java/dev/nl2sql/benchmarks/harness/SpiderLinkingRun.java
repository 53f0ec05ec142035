package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Linking on Spider dev, through JDBC: for every question of a database that is present, the gold query is replayed
 * ({@code nl2sql.engine=replay}) and {@code EXPLAIN NL:} reports what the prompt described; recall of the gold query's
 * tables, columns and string literals is counted at each budget ({@code nl2sql.schemaPromptChars}). A gold query that
 * nl2sql's checker refuses is explained with a stand-in query instead (linking does not depend on the answer).
 */
final class SpiderLinkingRun {

    private final LinkingCommand.Options options;
    private final PrintStream out;

    SpiderLinkingRun(LinkingCommand.Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Measures every budget of the options and adds {@code spider} and {@code budgets} to the report. */
    void measure(ObjectNode report) throws IOException, SQLException {
        Map<String, SpiderDev.Schema> schemas = SpiderDev.schemas(options.tables());
        Map<String, List<SpiderDataset.Question>> byDb = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        int skipped = 0;
        int taken = 0;
        for (SpiderDataset.Question q : SpiderDataset.load(options.questions())) {
            if (!Files.isRegularFile(dbFile(q.dbId()))) {
                if (!missing.contains(q.dbId())) {
                    missing.add(q.dbId());
                }
                skipped++;
                continue;
            }
            if (taken++ < options.limit()) {
                byDb.computeIfAbsent(q.dbId(), k -> new ArrayList<>()).add(q);
            }
        }
        Map<Integer, LinkingTally> tallies = new LinkedHashMap<>();
        options.budgets().forEach(b -> tallies.put(b, new LinkingTally()));
        int refused = 0;
        int failed = 0;
        Path dir = Files.createTempDirectory("nl2sql-linking");
        for (Map.Entry<String, List<SpiderDataset.Question>> db : byDb.entrySet()) {
            SpiderDev.Schema schema = schemas.get(db.getKey());
            Path gold = dir.resolve(db.getKey() + ".gold.tsv");
            Path standIn = dir.resolve(db.getKey() + ".stand-in.tsv");
            String firstTable = schema.columns().keySet().iterator().next();
            Files.write(gold, db.getValue().stream().map(q -> oneLine(q.text()) + "\t" + oneLine(q.goldSql()))
                    .collect(Collectors.toList()), StandardCharsets.UTF_8);
            Files.write(standIn, db.getValue().stream().map(q -> oneLine(q.text()) + "\tSELECT COUNT(*) FROM \""
                    + firstTable + "\"").collect(Collectors.toList()), StandardCharsets.UTF_8);
            Map<String, Boolean> inDb = new HashMap<>();
            for (int budget : options.budgets()) {
                try (Connection replayGold = connect(db.getKey(), gold, budget);
                     Connection replayStandIn = connect(db.getKey(), standIn, budget)) {
                    for (SpiderDataset.Question q : db.getValue()) {
                        ExplainedLinking linked;
                        try {
                            linked = ExplainedLinking.explain(replayGold, q.text());
                        } catch (SQLException e) {
                            try {
                                linked = ExplainedLinking.explain(replayStandIn, q.text());
                                if (budget == options.budgets().get(0)) {
                                    refused++;
                                }
                            } catch (SQLException e2) {
                                if (budget == options.budgets().get(0)) {
                                    failed++;
                                    out.println("failed: " + q.text() + ": " + e2.getMessage());
                                }
                                continue;
                            }
                        }
                        GoldSql.Uses uses = GoldSql.read(q.goldSql(), schema.columns());
                        boolean[] present = new boolean[uses.literals().size()];
                        for (int i = 0; i < present.length; i++) {
                            String text = uses.literals().get(i).text();
                            present[i] = inDb.computeIfAbsent(text, t -> holds(replayGold, schema, t));
                        }
                        tallies.get(budget).add(q.text(), uses, linked, present, userTables(schema));
                    }
                }
            }
        }
        ObjectNode spider = report.putObject("spider");
        spider.put("questions", taken > options.limit() ? options.limit() : taken);
        spider.put("skipped_questions", skipped);
        ArrayNode skippedDbs = spider.putArray("skipped_databases");
        missing.forEach(skippedDbs::add);
        spider.put("gold_sql_refused_explained_with_stand_in", refused);
        spider.put("failed", failed);
        ObjectNode budgets = report.putObject("budgets");
        for (Map.Entry<Integer, LinkingTally> t : tallies.entrySet()) {
            budgets.set(Integer.toString(t.getKey()), t.getValue().json());
            out.printf(Locale.ROOT, "budget %d: %s%n", t.getKey(), t.getValue().json());
            t.getValue().misses().stream().limit(options.showMisses()).forEach(m -> out.println("  missed " + m));
            t.getValue().literalMisses().stream().limit(options.showMisses())
                    .forEach(m -> out.println("  value missed " + m));
        }
        out.printf("Spider dev: %d questions measured, %d skipped (databases missing: %s)%n",
                spider.get("questions").asInt(), skipped, missing);
    }

    /** Tables a user can query: tables.json also lists SQLite's own sqlite_sequence (world_1), which nl2sql skips. */
    private static int userTables(SpiderDev.Schema schema) {
        return (int) schema.columns().keySet().stream().filter(t -> !t.toLowerCase(Locale.ROOT).startsWith("sqlite_"))
                .count();
    }

    private Path dbFile(String db) {
        return SpiderDataset.databaseFile(options.dbDir(), db);
    }

    private Connection connect(String db, Path replay, int budget) throws SQLException {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toAbsolutePath().toString());
        p.setProperty("nl2sql.schemaPromptChars", Integer.toString(budget));
        return DriverManager.getConnection("jdbc:nl2sql:jdbc:sqlite:" + dbFile(db).toAbsolutePath(), p);
    }

    /** Whether some text column of the database holds the literal as a whole value (case aside). */
    private static boolean holds(Connection c, SpiderDev.Schema schema, String literal) {
        for (Map.Entry<String, List<String>> t : schema.textColumns().entrySet()) {
            for (String column : t.getValue()) {
                String sql = "SELECT 1 FROM \"" + t.getKey() + "\" WHERE lower(\"" + column + "\") = lower(?) LIMIT 1";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, literal);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return true;
                        }
                    }
                } catch (SQLException e) {
                    // a column tables.json names differently than the file: not counted as holding it
                }
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
