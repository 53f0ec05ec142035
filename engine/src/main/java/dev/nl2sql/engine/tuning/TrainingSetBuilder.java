package dev.nl2sql.engine.tuning;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.QuestionPrompts;
import dev.nl2sql.engine.memory.Knowledge;
import dev.nl2sql.engine.memory.TaughtPair;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.t5.PicardInput;
import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training set from a live database: its schema and keys as questions see them, its first rows sampled, queries of
 * every shape the schema allows written from them with several wordings each, every verified pair of its memory, each
 * query kept only where it passes the checks and finds rows ({@link PairVerifier}), duplicates dropped, then split.
 */
public final class TrainingSetBuilder {

    private static final Logger log = LoggerFactory.getLogger(TrainingSetBuilder.class);

    /**
     * Fewest pairs worth training on: below it the validation side (15%) holds fewer than five questions, and its
     * accuracy, which decides early stopping, would swing by 20 points on one answer.
     */
    public static final int MIN_PAIRS = 30;
    /** SQLState of a database with too little in it to make a training set: no data. */
    public static final String TOO_LITTLE_DATA = "02000";

    private static final int SAMPLE_ROWS = 200;
    private static final int TIMEOUT_SECONDS = 10;
    private static final int MAX_RESULT_ROWS = 1_000;

    /**
     * How a set is made.
     *
     * @param validation share of each shape's queries held out for validation, from 0 to 0.5
     * @param seed       seeds the split and the choice of wordings
     * @param maxPairs   most pairs written from the schema (the memory's pairs come on top)
     * @param perQuery   most wordings of one query
     */
    public record Options(double validation, long seed, int maxPairs, int perQuery) {

        public static final Options DEFAULTS = new Options(0.15, 42, 5_000, 3);

        public Options {
            if (!(validation >= 0 && validation <= 0.5)) {
                throw new IllegalArgumentException("validation must be between 0 and 0.5, not " + validation);
            }
            if (maxPairs < MIN_PAIRS) {
                throw new IllegalArgumentException("maxPairs must be at least " + MIN_PAIRS + ", not " + maxPairs);
            }
            if (perQuery < 1) {
                throw new IllegalArgumentException("perQuery must be at least 1, not " + perQuery);
            }
        }
    }

    /**
     * Makes the set.
     *
     * @throws SQLException 42S02 when the database shows no table; 02000 when fewer than {@link #MIN_PAIRS} pairs
     *                      pass the checks
     */
    public TrainingSet build(TuningSource source, Options options) throws SQLException {
        long started = System.nanoTime();
        QuestionPrompts.SchemaContext schema = new QuestionPrompts(source.settings())
                .schema(source.connection(), source.databaseKey());
        SchemaSnapshot snapshot = schema.snapshot();
        DbSchema db = snapshot.schema();
        IdentifierStyle style = snapshot.style();
        List<TableSample> samples = new DatabaseSampler(SAMPLE_ROWS, TIMEOUT_SECONDS)
                .sample(source.connection(), db, style);
        Map<String, TableFacts> tables = new LinkedHashMap<>();
        for (TableSample sample : samples) {
            if (sample.rowsRead() > 0) {
                tables.put(lower(sample.table().name()), TableFacts.of(sample, foreignKeyColumns(db, sample), style));
            }
        }
        Map<QueryShape, Deque<PairCandidate>> queues = new EnumMap<>(QueryShape.class);
        SingleTableQueries single = new SingleTableQueries(style);
        ColumnLookups lookups = new ColumnLookups(style);
        for (TableFacts t : tables.values()) {
            single.write(t).forEach(c -> queues.computeIfAbsent(c.shape(), s -> new ArrayDeque<>()).add(c));
            lookups.write(t).forEach(c -> queues.computeIfAbsent(c.shape(), s -> new ArrayDeque<>()).add(c));
        }
        new JoinQueries(style).write(db.foreignKeys(), tables)
                .forEach(c -> queues.computeIfAbsent(c.shape(), s -> new ArrayDeque<>()).add(c));

        PairVerifier verifier = new PairVerifier(source.connection(), schema.checker(),
                PrefixChecker.of(db, style), MAX_RESULT_ROWS, TIMEOUT_SECONDS);
        Collector collector = new Collector(options);
        Knowledge known = source.memory() == null ? Knowledge.EMPTY : source.memory().knowledge(snapshot);
        int memoryDropped = 0;
        for (TaughtPair taught : known.pairs()) {
            PairCandidate pair = new PairCandidate(QueryShape.MEMORY, taught.sql().strip(),
                    List.of(taught.question().strip()));
            Verified verified = taught.stale() ? new Verified(null, "stale") : verify(pair, verifier);
            if (verified.pair() == null) {
                memoryDropped++;
                log.info("Taught pair {} is left out of the training set: {}", taught.id(), verified.problem());
            } else {
                collector.add(verified.pair(), true);
            }
        }
        int memoryPairs = collector.pairs.size();
        int written = 0;
        int dropped = 0;
        AmbiguousWordings ambiguous = new AmbiguousWordings(db);
        while (collector.generated < options.maxPairs() && queues.values().stream().anyMatch(q -> !q.isEmpty())) {
            for (Deque<PairCandidate> queue : queues.values()) {
                PairCandidate candidate = queue.poll();
                if (candidate == null || collector.generated >= options.maxPairs() || collector.seen(candidate)) {
                    continue;
                }
                written++;
                candidate = ambiguous.unambiguous(candidate);
                if (candidate.questions().isEmpty()) {
                    dropped++;
                    log.debug("Dropped {}: every wording names a column the query does not read", candidate.sql());
                    continue;
                }
                Verified verified = verify(candidate, verifier);
                if (verified.pair() == null) {
                    dropped++;
                    log.debug("Dropped {}: {}", candidate.sql(), verified.problem());
                } else {
                    collector.add(verified.pair(), false);
                }
            }
        }
        if (collector.pairs.size() < MIN_PAIRS) {
            throw new SQLNonTransientException("The database gave " + collector.pairs.size() + " question-SQL pairs "
                    + "that run and find rows; a training set needs at least " + MIN_PAIRS + ", so that its "
                    + "validation part can measure anything. Fill the tables with more rows (at least a few per "
                    + "table, with repeated values in text columns such as a type or a country), or teach the "
                    + "database's memory verified pairs (NL TEACH).", TOO_LITTLE_DATA);
        }
        TrainingSplit split = TrainingSplit.of(collector.pairs, options.validation(), options.seed());
        log.info("Training set of {}: {} pairs ({} train, {} validation) from {} queries written ({} dropped) in {} "
                + "ms", source.databaseKey().replace('\u0000', ' ').strip(), collector.pairs.size(),
                split.train().size(), split.validation().size(), written, dropped,
                (System.nanoTime() - started) / 1_000_000);
        return new TrainingSet(PicardInput.databaseId(source.databaseKey(), db.name()), schema.product(),
                snapshot.fingerprint(), split, options.seed(), options.validation(), written, dropped, memoryPairs,
                memoryDropped, known.notes().size());
    }

    /** A pair that passed the checks (null when none did), or why it did not. */
    private record Verified(PairCandidate pair, String problem) {
    }

    /**
     * The pair in PICARD's lower-case form where that passes the checks ({@link PicardSql}), else as written where
     * that does, else the problem of the form as written.
     */
    private static Verified verify(PairCandidate candidate, PairVerifier verifier) {
        String normal = PicardSql.normalize(candidate.sql());
        if (!normal.equals(candidate.sql()) && verifier.problem(normal).isEmpty()) {
            return new Verified(new PairCandidate(candidate.shape(), normal, candidate.questions()), null);
        }
        Optional<String> problem = verifier.problem(candidate.sql());
        return problem.isPresent() ? new Verified(null, problem.get()) : new Verified(candidate, null);
    }

    /** The pairs kept so far: each query once, each question once, at most perQuery wordings of a query. */
    private static final class Collector {
        private final Options options;
        private final List<TrainingPair> pairs = new ArrayList<>();
        private final Set<String> queries = new HashSet<>();
        private final Set<String> questions = new HashSet<>();
        private final Map<String, String> groups = new HashMap<>();
        private int generated;

        Collector(Options options) {
            this.options = options;
        }

        boolean seen(PairCandidate candidate) {
            return queries.contains(normalizeSql(candidate.sql()))
                    || queries.contains(normalizeSql(PicardSql.normalize(candidate.sql())));
        }

        void add(PairCandidate candidate, boolean fromMemory) {
            String sql = normalizeSql(candidate.sql());
            String group = groups.computeIfAbsent(sql, TrainingSetBuilder::groupId);
            queries.add(sql);
            List<String> wordings = new ArrayList<>(candidate.questions());
            if (!fromMemory) {
                Collections.shuffle(wordings, new Random(options.seed() ^ group.hashCode()));
            }
            int kept = 0;
            for (String question : wordings) {
                if (kept == options.perQuery() && !fromMemory) {
                    break;
                }
                if (questions.add(Nouns.plainWords(question))) {
                    pairs.add(new TrainingPair(question, sql, candidate.shape(), group));
                    kept++;
                }
            }
            if (!fromMemory) {
                generated += kept;
            }
        }
    }

    private static Set<String> foreignKeyColumns(DbSchema db, TableSample sample) {
        Set<String> columns = new HashSet<>();
        for (ForeignKey fk : db.foreignKeys()) {
            if (fk.fromTable().equalsIgnoreCase(sample.table().name())) {
                fk.fromColumns().forEach(c -> columns.add(lower(c)));
            }
        }
        return columns;
    }

    /** The query with its blanks collapsed: the same query written twice is one query. */
    static String normalizeSql(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    /** A short id of a query that does not depend on the order queries were written in. */
    private static String groupId(String normalizedSql) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalizedSql.getBytes(StandardCharsets.UTF_8));
            return "q" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
