package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.nl2sql.driver.NlMemory;
import dev.nl2sql.engine.memory.TaughtPair;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nl2sql-bench.jar memory import|export}: teaches a database's memory from a file, or writes what it holds to
 * one, through JDBC and {@link NlMemory}, so every pair is checked exactly as {@code NL TEACH:} checks it. Files are
 * Spider's JSON ({@code [{"db_id": ..., "question": ..., "query": ...}]}) or lines of {@code question<TAB>SQL}, told
 * apart by the {@code .json} ending unless {@code --format} says.
 */
@Command(name = "memory",
        header = "import or export taught pairs (Spider JSON or question<TAB>SQL) of a database's memory",
        description = "import: teach every pair of FILE to the database at --url (each checked as NL TEACH checks "
                + "it; refused ones are listed and the exit status is 1). export: write the database's usable pairs "
                + "to FILE.")
final class MemoryCommand implements Subcommand {

    @Parameters(index = "0", paramLabel = "import|export", description = "what to do")
    String action;

    @Parameters(index = "1", paramLabel = "FILE", description = "the Spider JSON or question<TAB>SQL file")
    Path file;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "the database, as jdbc:nl2sql:<its JDBC URL> (credentials in the URL or -Duser=...)")
    String url;

    @Option(names = "--format", paramLabel = "spider|tsv", description = "the file's format (default: spider for "
            + "a .json file, tsv otherwise)")
    String format;

    @Option(names = "--db-id", paramLabel = "ID", description = "import: only the Spider entries of this db_id "
            + "(default: all); export: the db_id written (default: the last part of the URL's path)")
    String dbId;

    @Option(names = "--as", paramLabel = "NAME", description = "who the imported pairs are recorded as taught by "
            + "(default: the connection's account)")
    String teacher;

    @Mixin
    DriverSettings driver = new DriverSettings();

    @Override
    public int run(PrintStream out, PrintStream err) throws UsageException {
        String kind = format != null ? format.toLowerCase(Locale.ROOT)
                : file.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "spider" : "tsv";
        if (!kind.equals("spider") && !kind.equals("tsv")) {
            throw new UsageException("--format must be spider or tsv, not " + format);
        }
        if (!url.startsWith("jdbc:nl2sql:")) {
            throw new UsageException("--url must be a jdbc:nl2sql: URL, such as jdbc:nl2sql:postgresql://host/db");
        }
        try (Connection c = DriverManager.getConnection(url, driver.connectionProperties())) {
            NlMemory memory = NlMemory.of(c);
            if (teacher != null) {
                memory = memory.as(teacher);
            }
            return switch (action.toLowerCase(Locale.ROOT)) {
                case "import" -> importPairs(memory, read(kind), out, err);
                case "export" -> export(memory, kind, out);
                default -> throw new UsageException("the action must be import or export, not " + action);
            };
        } catch (SQLException | IOException e) {
            err.println("nl2sql-bench.jar memory: " + e.getMessage());
            return 1;
        }
    }

    private record Pair(String question, String sql) {
    }

    private List<Pair> read(String kind) throws IOException, UsageException {
        List<Pair> pairs = new ArrayList<>();
        if (kind.equals("spider")) {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (!root.isArray()) {
                throw new UsageException(file + " is not a Spider file: a JSON array of {db_id, question, query}");
            }
            for (JsonNode entry : root) {
                if (dbId == null || dbId.equals(entry.path("db_id").asText())) {
                    pairs.add(new Pair(entry.path("question").asText(), entry.path("query").asText()));
                }
            }
            return pairs;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (!line.isBlank() && tab > 0) {
                pairs.add(new Pair(line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        return pairs;
    }

    private static int importPairs(NlMemory memory, List<Pair> pairs, PrintStream out, PrintStream err) {
        int taught = 0;
        int refused = 0;
        for (Pair p : pairs) {
            try {
                memory.teach(p.question(), p.sql());
                taught++;
            } catch (SQLException e) {
                refused++;
                err.println("refused (" + e.getSQLState() + "): " + p.question() + " => " + p.sql() + ": "
                        + e.getMessage());
            }
        }
        out.println("taught " + taught + " pairs, refused " + refused);
        return refused == 0 ? 0 : 1;
    }

    private int export(NlMemory memory, String kind, PrintStream out) throws SQLException, IOException {
        List<TaughtPair> pairs = memory.pairs().stream().filter(p -> !p.stale()).toList();
        if (kind.equals("spider")) {
            ObjectMapper json = new ObjectMapper();
            ArrayNode root = json.createArrayNode();
            String id = dbId != null ? dbId : databaseName(url);
            for (TaughtPair p : pairs) {
                root.addObject().put("db_id", id).put("question", p.question()).put("query", p.sql());
            }
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } else {
            List<String> lines = pairs.stream().map(p -> oneLine(p.question()) + "\t" + oneLine(p.sql())).toList();
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
        out.println("exported " + pairs.size() + " pairs to " + file);
        return 0;
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ");
    }

    /** {@code jdbc:nl2sql:sqlite:/x/concert_singer.sqlite} → {@code concert_singer}. */
    static String databaseName(String url) {
        String path = url.replaceFirst("[?;].*$", "");
        String last = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
        int dot = last.lastIndexOf('.');
        return dot > 0 ? last.substring(0, dot) : last;
    }
}
