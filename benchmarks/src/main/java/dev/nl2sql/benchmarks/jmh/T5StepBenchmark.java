package dev.nl2sql.benchmarks.jmh;

import ai.djl.Device;
import dev.nl2sql.engine.t5.PyTorchThreads;
import dev.nl2sql.engine.t5.RandomT5Checkpoint;
import dev.nl2sql.engine.t5.T5Config;
import dev.nl2sql.engine.t5.T5Model;
import dev.nl2sql.engine.t5.T5Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The T5 model alone, without the checker: the encoder over a 160-token input (question and schema), and the
 * encoder plus 32 decoder steps for every beam. Their difference over 32 is the cost of one decoder step, the number
 * that bounds tokens per second. Random weights in the tiny shape and in t5-small's (60M parameters), on the CPU,
 * with PyTorch's threads as {@code nl2sql.threads} sets them or left at PyTorch's default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class T5StepBenchmark {

    static final int STEPS = 32;

    @Param({"tiny", "small"})
    public String shape;

    @Param({"1", "4"})
    public int beams;

    /** PyTorch's intra- and inter-op threads as nl2sql.threads sets them; 0 leaves PyTorch's own default. */
    @Param({"1", "2", "0"})
    public int threads;

    private Path dir;
    private T5Model model;
    private long[] input;

    @Setup(Level.Trial)
    public void load() throws IOException {
        T5Config config = RandomT5Checkpoint.shape(shape);
        dir = Files.createTempDirectory("t5-step");
        RandomT5Checkpoint.write(dir, BenchData.modelsDir().resolve("t5-small").resolve("tokenizer.json"), config,
                1);
        if (threads > 0) {
            PyTorchThreads.apply(threads);
        }
        model = T5Model.load(dir, Device.cpu(), T5Precision.FP32);
        input = new long[160];
        for (int i = 0; i < input.length; i++) {
            input[i] = 100 + (i * 37) % 20000;
        }
        input[input.length - 1] = 1;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        model.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public int encoder() {
        try (T5Model.Decoding d = model.start(input)) {
            return d.length();
        }
    }

    @Benchmark
    public float encoderAndDecoderSteps() {
        try (T5Model.Decoding d = model.start(input)) {
            float[][] p = d.step(null, new int[] {0});
            int[] parents = new int[beams];
            int[] tokens = new int[beams];
            for (int step = 1; step < STEPS; step++) {
                for (int b = 0; b < beams; b++) {
                    tokens[b] = 200 + 17 * step + b;
                }
                p = d.step(parents, tokens);
                for (int b = 0; b < beams; b++) {
                    parents[b] = b;
                }
            }
            return p[0][Arrays.hashCode(tokens) & 1023];
        }
    }
}
