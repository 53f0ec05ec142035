package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.benchmarks.coverage.CoverageMarkdown;
import dev.nl2sql.benchmarks.coverage.GoldMutants;
import dev.nl2sql.benchmarks.coverage.SpiderSchemas;
import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.grammar.CanonicalSql;
import dev.nl2sql.picard.grammar.GbnfRecognizer;
import dev.nl2sql.picard.grammar.GrammarBounds;
import dev.nl2sql.picard.grammar.SqlGrammar;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coverage}: how much of a Spider-format dataset's gold SQL picard's constraint lets through, and how much
 * wrong SQL it stops. For every question whose database file exists, the gold query must pass
 *
 * <ul>
 *   <li>the GBNF grammar of its schema ({@link SqlGrammar}), on the query rewritten to the grammar's canonical surface
 *   form by {@link CanonicalSql} (a tokenizer-based normaliser: keyword case, spacing, name spelling and quoting, and
 *   Spider's {@code "double quoted"} values as strings; nothing else), and</li>
 *   <li>the incremental prefix checker ({@link PrefixChecker}), fed the query as written, one character at a time, so
 *   that every prefix must be viable and the whole must be complete.</li>
 * </ul>
 *
 * Then wrong variants of every gold query ({@link GoldMutants}) must be refused. Schemas are read from tables.json
 * (original names, SQLite's identifier style), not from the database files; a question whose database file is missing
 * is skipped and counted. Writes a JSON report and a Markdown report beside it; prints a summary.
 */
@Command(name = "coverage",
        header = "share of gold queries the grammar and the prefix checker accept; share of wrong variants "
                + "refused")
public final class CoverageCommand implements Subcommand {

    private static final IdentifierStyle STYLE = IdentifierStyle.SQLITE;

    @Option(names = "--questions", paramLabel = "FILE",
            description = "Spider-format questions (default ../shared/benchmarks/spider-dev/dev.json)")
    Path questions;

    @Option(names = "--tables", paramLabel = "FILE",
            description = "Spider-format schemas (default ../shared/benchmarks/spider-dev/tables.json)")
    Path tables;

    @Option(names = "--db-dir", paramLabel = "DIR", description = "folder of <db_id>/<db_id>.sqlite; questions whose "
            + "file is missing are skipped (default ../shared/benchmarks/spider-dev/database)")
    Path dbDir;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON report; a Markdown report is written beside it (default picard-coverage.json)")
    Path reportFile = Path.of("picard-coverage.json");

    @Option(names = "--limit", paramLabel = "N", description = "measure only the first N questions whose database "
            + "exists")
    int limit = -1;

    /** The subcommand as {@link Bench} registers it. */
    CoverageCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command on its own (not under {@link Bench}); returns the exit status (0 done, 1 failed, 2 usage). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Bench.configure(new CommandLine(new CoverageCommand()), out, err).execute(args);
    }

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        Options options = Options.of(this);
        try {
            ObjectNode report = measure(options);
            Files.createDirectories(options.out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out.toFile(), report);
            Path markdown = markdownPath(options.out);
            Files.writeString(markdown, CoverageMarkdown.render(report));
            out.println(summary(report));
            out.println("Reports: " + options.out + " and " + markdown);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("coverage: " + e);
            return 1;
        }
    }

    static ObjectNode measure(Options options) throws IOException {
        Map<String, DbSchema> schemas = SpiderSchemas.load(options.tables);
        List<SpiderDataset.Question> questions = SpiderDataset.load(options.questions);
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("questions_file", options.questions.toString());
        report.put("tables_file", options.tables.toString());
        report.put("db_dir", options.dbDir.toString());
        report.put("schema_source", "tables.json (original names), SQLite identifier style");
        report.put("questions_total", questions.size());

        Map<String, Tools> tools = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        int measured = 0;
        int grammarOk = 0;
        int checkerOk = 0;
        int bothOk = 0;
        int agreementChecked = 0;
        int disagreements = 0;
        long checkerNanos = 0;
        long checkerTokens = 0;
        Map<GoldMutants.Kind, int[]> mutants = new EnumMap<>(GoldMutants.Kind.class);
        ArrayNode refused = json.createArrayNode();
        ArrayNode disagreed = json.createArrayNode();
        ArrayNode mutantsAccepted = json.createArrayNode();
        ArrayNode mutantsAcceptedByGrammar = json.createArrayNode();
        for (SpiderDataset.Question q : questions) {
            if (options.limit >= 0 && measured >= options.limit) {
                break;
            }
            DbSchema schema = schemas.get(q.dbId());
            if (schema == null || !Files.isRegularFile(SpiderDataset.databaseFile(options.dbDir, q.dbId()))) {
                missing.add(q.dbId());
                continue;
            }
            measured++;
            Tools t = tools.computeIfAbsent(q.dbId(), id -> new Tools(schema));
            String canonical;
            String grammarReason = null;
            try {
                canonical = t.canonical.rewrite(q.goldSql());
                if (!t.grammar.matches(canonical)) {
                    grammarReason = "outside the grammar" + firstDeadEnd(t.grammar, canonical);
                }
            } catch (IllegalArgumentException e) {
                canonical = null;
                grammarReason = "does not lex: " + e.getMessage();
            }
            long start = System.nanoTime();
            CheckerState state = t.checker.start();
            String checkerReason = null;
            for (int i = 0; i < q.goldSql().length() && checkerReason == null; i++) {
                state = state.feed(q.goldSql().substring(i, i + 1));
                if (state.isRejected()) {
                    checkerReason = "rejected after \"" + q.goldSql().substring(0, i + 1) + "\": " + state.rejection();
                }
            }
            if (checkerReason == null && !state.isComplete()) {
                checkerReason = "not complete at the end: " + state.completionProblem();
            }
            checkerNanos += System.nanoTime() - start;
            checkerTokens += state.tokens();
            if (grammarReason == null) {
                grammarOk++;
            }
            if (checkerReason == null) {
                checkerOk++;
            }
            if (grammarReason == null && checkerReason == null) {
                bothOk++;
            } else {
                ObjectNode r = refused.addObject();
                r.put("index", q.index());
                r.put("db_id", q.dbId());
                r.put("question", q.text());
                r.put("query", q.goldSql());
                r.put("canonical", canonical);
                r.put("grammar", grammarReason == null ? "accepted" : grammarReason);
                r.put("checker", checkerReason == null ? "accepted" : checkerReason);
            }
            if (canonical != null) {
                agreementChecked++;
                boolean namesOnly = t.namesOnly.accepts(canonical);
                if (namesOnly != (grammarReason == null)) {
                    disagreements++;
                    ObjectNode d = disagreed.addObject();
                    d.put("index", q.index());
                    d.put("canonical", canonical);
                    d.put("grammar", grammarReason == null);
                    d.put("checker_names_only", namesOnly);
                }
            }
            for (GoldMutants.Mutant m : GoldMutants.of(q.goldSql(), schema, STYLE, q.index())) {
                int[] counts = mutants.computeIfAbsent(m.kind(), k -> new int[3]);
                counts[0]++;
                if (!t.checker.accepts(m.sql())) {
                    counts[1]++;
                } else {
                    ObjectNode a = mutantsAccepted.addObject();
                    a.put("index", q.index());
                    a.put("kind", m.kind().name());
                    a.put("change", m.change());
                    a.put("sql", m.sql());
                }
                boolean grammarRejects;
                try {
                    grammarRejects = !t.grammar.matches(t.canonical.rewrite(m.sql()));
                } catch (IllegalArgumentException e) {
                    grammarRejects = true;
                }
                if (grammarRejects) {
                    counts[2]++;
                } else if (mutantsAcceptedByGrammar.size() < 50) {
                    ObjectNode a = mutantsAcceptedByGrammar.addObject();
                    a.put("kind", m.kind().name());
                    a.put("change", m.change());
                    a.put("sql", m.sql());
                }
            }
        }
        report.put("questions_measured", measured);
        report.put("questions_skipped", questions.size() - measured);
        report.set("databases_missing", json.valueToTree(missing));
        report.put("gold_accepted_grammar", grammarOk);
        report.put("gold_accepted_checker", checkerOk);
        report.put("gold_accepted_both", bothOk);
        report.put("gold_coverage_grammar", fraction(grammarOk, measured));
        report.put("gold_coverage_checker", fraction(checkerOk, measured));
        report.put("gold_coverage_both", fraction(bothOk, measured));
        int mutantTotal = 0;
        int checkerRejects = 0;
        int grammarRejects = 0;
        ObjectNode byKind = report.putObject("mutants_by_kind");
        for (Map.Entry<GoldMutants.Kind, int[]> e : mutants.entrySet()) {
            int[] c = e.getValue();
            mutantTotal += c[0];
            checkerRejects += c[1];
            grammarRejects += c[2];
            ObjectNode k = byKind.putObject(e.getKey().name().toLowerCase(Locale.ROOT));
            k.put("mutants", c[0]);
            k.put("rejected_checker", fraction(c[1], c[0]));
            k.put("rejected_grammar", fraction(c[2], c[0]));
        }
        report.put("mutants", mutantTotal);
        report.put("mutants_rejected", fraction(checkerRejects, mutantTotal));
        report.put("mutants_rejected_grammar", fraction(grammarRejects, mutantTotal));
        report.put("agreement_checked", agreementChecked);
        report.put("agreement_disagreements", disagreements);
        report.put("checker_mean_micros_per_token", checkerTokens == 0 ? 0
                : Math.round(checkerNanos / 1000.0 / checkerTokens * 100) / 100.0);
        report.set("refused", refused);
        report.set("disagreements", disagreed);
        report.set("mutants_accepted_by_checker", mutantsAccepted);
        report.set("mutants_accepted_by_grammar_first_50", mutantsAcceptedByGrammar);
        return report;
    }

    /** Where the recognizer stops finding a way on, for the report. */
    private static String firstDeadEnd(GbnfRecognizer grammar, String text) {
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (grammar.isViablePrefix(text.substring(0, mid))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == text.length() ? " (every prefix viable; the query ends too early)"
                : " at \"" + text.substring(0, Math.min(text.length(), lo + 1)) + "\"";
    }

    private static double fraction(int part, int whole) {
        return whole == 0 ? 0 : Math.round(part * 1_000_000.0 / whole) / 1_000_000.0;
    }

    private static String summary(ObjectNode r) {
        return String.format(Locale.ROOT, "coverage over %d questions (%d skipped, databases missing: %s):%n"
                        + "  gold accepted: grammar %.2f%%, checker %.2f%%, both %.2f%%%n"
                        + "  mutants rejected: checker %.2f%%, grammar %.2f%% (of %d)%n"
                        + "  grammar/checker disagreements on canonical gold: %d of %d",
                r.get("questions_measured").asInt(), r.get("questions_skipped").asInt(),
                r.get("databases_missing"), 100 * r.get("gold_coverage_grammar").asDouble(),
                100 * r.get("gold_coverage_checker").asDouble(), 100 * r.get("gold_coverage_both").asDouble(),
                100 * r.get("mutants_rejected").asDouble(), 100 * r.get("mutants_rejected_grammar").asDouble(),
                r.get("mutants").asInt(), r.get("agreement_disagreements").asInt(),
                r.get("agreement_checked").asInt());
    }

    private static Path markdownPath(Path json) {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(base + ".md");
    }

    /** The grammar, normaliser and checkers of one schema, built once per database. */
    private static final class Tools {
        final GbnfRecognizer grammar;
        final CanonicalSql canonical;
        final PrefixChecker checker;
        final PrefixChecker namesOnly;

        Tools(DbSchema schema) {
            grammar = GbnfRecognizer.parse(SqlGrammar.gbnf(schema, STYLE));
            canonical = new CanonicalSql(schema, STYLE);
            checker = PrefixChecker.of(schema, STYLE);
            namesOnly = PrefixChecker.namesOnly(schema, STYLE, GrammarBounds.FULL);
        }
    }

    /** The command line. */
    record Options(Path questions, Path tables, Path dbDir, Path out, int limit) {

        /** The checked options of a command line. */
        static Options of(CoverageCommand line) throws UsageException {
            Path spider = spiderDir();
            Path questions = line.questions != null ? line.questions : spider.resolve("dev.json");
            Path tables = line.tables != null ? line.tables : spider.resolve("tables.json");
            Path dbDir = line.dbDir != null ? line.dbDir : spider.resolve("database");
            for (Path p : List.of(questions, tables)) {
                if (!Files.isRegularFile(p)) {
                    throw new UsageException("no file " + p.toAbsolutePath());
                }
            }
            if (!Files.isDirectory(dbDir)) {
                throw new UsageException("no folder " + dbDir.toAbsolutePath());
            }
            return new Options(questions, tables, dbDir, line.reportFile, line.limit);
        }

        /** Spider's dev set beside the project (run from the project root, or from a module folder). */
        private static Path spiderDir() {
            String configured = System.getenv("NL2SQL_SPIDER_DIR");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            Path fromRoot = Path.of("../shared/benchmarks/spider-dev");
            return Files.isDirectory(fromRoot) ? fromRoot : Path.of("../../shared/benchmarks/spider-dev");
        }
    }
}
