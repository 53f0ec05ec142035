package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar first-answer}: the first question of a long-running program, with and without
 * {@code nl2sql.warmUp}. Each run is a fresh JVM ({@link FirstAnswerProgram}) that connects, waits as a program
 * would before its user asks, then asks one question; it reports the time from the question to its answer. The
 * modes alternate run by run, so drift on a shared machine hits both alike.
 */
@Command(name = "first-answer",
        header = "First answer in a fresh JVM with and without nl2sql.warmUp (connect, wait, ask)",
        customSynopsis = "java -jar nl2sql-bench.jar first-answer [options] [-Dnl2sql.x=y ...]",
        description = "Time from the first question to its answer in a fresh JVM, warm-up off and on alternately.",
        footer = "-D takes driver properties such as nl2sql.engine=replay, nl2sql.replay=FILE.")
final class FirstAnswerCommand implements Subcommand {

    @Option(names = "--model", paramLabel = "FILE", description = "the model (default "
            + "../shared/models/stories260K.gguf)")
    String model = "../shared/models/stories260K.gguf";

    @Option(names = "--db", paramLabel = "ID", description = "Spider database (default concert_singer)")
    String db = "concert_singer";

    @Option(names = "--question", paramLabel = "TEXT", description = "the question (default: How many singers do "
            + "we have?)")
    String question = "How many singers do we have?";

    @Option(names = "--wait-ms", paramLabel = "MS", description = "time between connecting and asking (default 5000)")
    int waitMillis = 5000;

    @Option(names = "--runs", paramLabel = "N", description = "fresh JVMs per mode (default 3)")
    int runs = 3;

    @Option(names = "--spider", paramLabel = "DIR",
            description = "the spider-dev folder (default ../shared/benchmarks/spider-dev)")
    Path spider = Path.of("../shared/benchmarks/spider-dev");

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default "
            + "benchmarks/target/first-answer.json)")
    Path report = Path.of("benchmarks/target/first-answer.json");

    @Mixin
    DriverSettings driver = new DriverSettings();

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        OptionChecks.atLeast("--runs", runs, 1);
        OptionChecks.atLeast("--wait-ms", waitMillis, 0);
        Path file = SpiderDataset.databaseFile(spider.resolve("database"), db).toAbsolutePath();
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode().put("database", db).put("question", question)
                .put("wait_ms", waitMillis).put("model", model);
        Map<String, List<Double>> answerMillis = new TreeMap<>();
        ArrayNode all = result.putArray("runs");
        try {
            for (int run = 0; run < runs; run++) {
                for (String warmUp : run % 2 == 0 ? new String[] {"off", "on"} : new String[] {"on", "off"}) {
                    ObjectNode measured = child(file, warmUp);
                    measured.put("warm_up", warmUp).put("run", run);
                    all.add(measured);
                    answerMillis.computeIfAbsent(warmUp, k -> new ArrayList<>())
                            .add(measured.get("answer_ms").asDouble());
                    out.printf("first-answer: run %d, warm-up %s: %s%n", run, warmUp, measured);
                }
            }
        } catch (IOException e) {
            err.println("first-answer: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        ObjectNode summary = result.putObject("answer_ms");
        answerMillis.forEach((mode, values) -> summary.set(mode, Percentiles.of(values)));
        return JsonReport.write(result, report, "first-answer", out, err);
    }

    private ObjectNode child(Path file, String warmUp) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dnl2sql.model=" + model);
        command.add("-Dnl2sql.warmUp=" + warmUp);
        command.add("-Dnl2sql.memory=off"); // no store of taught pairs to open: the same work in both modes
        driver.connectionProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(FirstAnswerProgram.class.getName());
        command.add("jdbc:nl2sql:jdbc:sqlite:" + file + "?open_mode=1");
        command.add(String.valueOf(waitMillis));
        command.add(question);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        if (status != 0 || !last.startsWith("{")) {
            throw new IOException("the measuring JVM ended with status " + status + ": " + output.strip());
        }
        return (ObjectNode) new ObjectMapper().readTree(last);
    }
}
