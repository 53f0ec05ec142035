package dev.nl2sql.benchmarks.jmh;

import dev.nl2sql.benchmarks.coverage.SpiderSchemas;
import dev.nl2sql.picard.SchemaConstraint;
import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.grammar.GbnfRecognizer;
import dev.nl2sql.picard.grammar.SqlGrammar;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.io.IOException;
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
 * Building a schema's constraint: the GBNF grammar text, the grammar checked by parsing it as llama.cpp would (what
 * the engine does before use), the prefix checker, and a cached lookup ({@link SchemaConstraint}). Target: at most
 * 5 ms per schema, and cached.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GrammarBuildBenchmark {

    @Param({"concert_singer", "world_1", "student_transcripts_tracking", "cre_Doc_Template_Mgt"})
    public String db;

    private DbSchema schema;

    @Setup(Level.Trial)
    public void load() throws IOException {
        schema = SpiderSchemas.load(BenchData.spiderDir().resolve("tables.json")).get(db);
    }

    @Benchmark
    public String gbnf() {
        return SqlGrammar.gbnf(schema, IdentifierStyle.SQLITE);
    }

    @Benchmark
    public GbnfRecognizer gbnfParsed() {
        return GbnfRecognizer.parse(SqlGrammar.gbnf(schema, IdentifierStyle.SQLITE));
    }

    @Benchmark
    public PrefixChecker checker() {
        return PrefixChecker.of(schema, IdentifierStyle.SQLITE);
    }

    @Benchmark
    public SchemaConstraint constraintCached() {
        return SchemaConstraint.of(schema, IdentifierStyle.SQLITE);
    }
}
