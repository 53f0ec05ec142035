package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nl2sql-bench.jar gold-replay}: writes Spider's gold SQL as a replay file ({@code question<TAB>SQL} lines),
 * so that {@code spider -Dnl2sql.engine=replay -Dnl2sql.replay=FILE} measures the harness and the driver's SQL path
 * with perfect predictions: every gap to 1.0 is the checker, the dialect or the comparison, not a model.
 */
@Command(name = "gold-replay",
        header = "write Spider's gold SQL as a replay file (question<TAB>SQL) for nl2sql.engine=replay",
        description = "Writes the gold SQL of Spider questions as question<TAB>SQL lines, the format of "
                + "nl2sql.engine=replay.",
        footer = "Then: java -jar nl2sql-bench.jar spider --prop nl2sql.engine=replay --prop nl2sql.replay=FILE")
final class GoldReplayCommand implements Subcommand {

    @Option(names = "--questions", paramLabel = "FILE",
            description = "Spider question file (default ../shared/benchmarks/spider-dev/dev.json)")
    Path questions = SpiderOptions.defaultSpiderDir().resolve("dev.json");

    @Option(names = "--db", paramLabel = "ID", split = ",",
            description = "only these databases (repeatable; default all)")
    List<String> databases = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE",
            description = "the replay file (default benchmarks/target/spider-gold-replay.tsv)")
    Path file = Path.of("benchmarks/target/spider-gold-replay.tsv");

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        Set<String> databases = new LinkedHashSet<>(OptionChecks.items("--db", this.databases));
        try {
            List<Question> selected = SpiderDataset.select(SpiderDataset.load(questions), databases, null, null);
            if (selected.isEmpty()) {
                throw new UsageException("No question of " + questions + " belongs to " + databases + ".");
            }
            StringBuilder text = new StringBuilder();
            for (Question q : selected) {
                text.append(SpiderCommand.oneLine(q.text())).append('\t').append(SpiderCommand.oneLine(q.goldSql()))
                        .append('\n');
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            out.println("wrote " + selected.size() + " gold answers to " + file);
            return 0;
        } catch (IOException e) {
            err.println("gold-replay: " + e.getMessage());
            return 1;
        }
    }
}
