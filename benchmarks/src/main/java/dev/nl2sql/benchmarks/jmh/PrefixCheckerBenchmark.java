package dev.nl2sql.benchmarks.jmh;

import dev.nl2sql.benchmarks.coverage.SpiderSchemas;
import dev.nl2sql.benchmarks.harness.SpiderDataset;
import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step of the prefix checker as a beam search takes it: from the state after some pieces of a query, feed the
 * next piece. The pieces are every step of every Spider dev gold query of the database ({@link DecoderPieces}),
 * taken in turn, so an operation is one token step at every depth of real queries. Target: at most 50 µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PrefixCheckerBenchmark {

    /** The largest dev schemas by columns (world_1, student_transcripts_tracking) and a mid-sized one. */
    @Param({"world_1", "student_transcripts_tracking", "concert_singer"})
    public String db;

    private CheckerState[] before;
    private String[] pieces;
    private int next;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        DbSchema schema = SpiderSchemas.load(BenchData.spiderDir().resolve("tables.json")).get(db);
        PrefixChecker checker = PrefixChecker.of(schema, IdentifierStyle.SQLITE);
        List<CheckerState> states = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (SpiderDataset.Question q : SpiderDataset.load(BenchData.spiderDir().resolve("dev.json"))) {
            if (!q.dbId().equals(db)) {
                continue;
            }
            CheckerState state = checker.start();
            for (String piece : DecoderPieces.of(q.goldSql())) {
                states.add(state);
                texts.add(piece);
                state = state.feed(piece);
            }
            if (!state.isComplete()) {
                throw new IllegalStateException("the checker refuses gold query " + q.index() + ": "
                        + state.completionProblem());
            }
        }
        before = states.toArray(CheckerState[]::new);
        pieces = texts.toArray(String[]::new);
    }

    @Benchmark
    public CheckerState step() {
        int i = next;
        next = i + 1 == pieces.length ? 0 : i + 1;
        return before[i].feed(pieces[i]);
    }
}
