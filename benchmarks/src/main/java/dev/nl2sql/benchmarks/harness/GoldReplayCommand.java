package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code nl2sql-bench.jar gold-replay}: writes Spider's gold SQL as a replay file ({@code question<TAB>SQL} lines),
 * so that {@code spider -Dnl2sql.engine=replay -Dnl2sql.replay=FILE} measures the harness and the driver's SQL path
 * with perfect predictions: every gap to 1.0 is the checker, the dialect or the comparison, not a model.
 */
final class GoldReplayCommand implements Subcommand {

    static final String USAGE = String.join("\n",
            "Usage: java -jar nl2sql-bench.jar gold-replay [--questions FILE] [--db ID[,ID...]] [--out FILE]",
            "Writes the gold SQL of Spider questions as question<TAB>SQL lines, the format of nl2sql.engine=replay.",
            "",
            "  --questions FILE   Spider question file (default ../shared/benchmarks/spider-dev/dev.json)",
            "  --db ID[,ID...]    only these databases (repeatable; default all)",
            "  --out FILE         the replay file (default benchmarks/target/spider-gold-replay.tsv)",
            "",
            "Then: java -jar nl2sql-bench.jar spider --prop nl2sql.engine=replay --prop nl2sql.replay=FILE");

    @Override
    public String name() {
        return "gold-replay";
    }

    @Override
    public String summary() {
        return "write Spider's gold SQL as a replay file (question<TAB>SQL) for nl2sql.engine=replay";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Path questions = SpiderOptions.defaultSpiderDir().resolve("dev.json");
        Path file = Path.of("benchmarks/target/spider-gold-replay.tsv");
        Set<String> databases = new LinkedHashSet<>();
        CommandLine line = new CommandLine(args);
        while (line.advance()) {
            switch (line.option()) {
                case "--questions" -> questions = line.pathValue();
                case "--db" -> databases.addAll(line.listValue());
                case "--out" -> file = line.pathValue();
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw line.unknown();
            }
        }
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
