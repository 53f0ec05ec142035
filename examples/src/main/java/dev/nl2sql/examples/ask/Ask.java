package dev.nl2sql.examples.ask;

import dev.nl2sql.examples.cli.Cli;
import dev.nl2sql.examples.cli.CliVersion;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Asks one question of a database from the command line, through nothing but JDBC:
 * {@code java -jar nl2sql-ask.jar "How many customers are there in Portugal?"}.
 *
 * <p>With no {@code --url} it opens the bundled sample shop in an in-memory H2 database. Driver settings
 * ({@code nl2sql.model} and the rest) come as {@code -D} system properties, {@code NL2SQL_*} variables, or
 * {@code -D} options after the jar (connection properties).
 */
@Command(name = "nl2sql-ask.jar", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        customSynopsis = "java [-Dnl2sql.model=FILE.gguf] -jar nl2sql-ask.jar [-hV] [--sql] [--url=JDBC_URL] "
                + "[-Dnl2sql.x=y]... [--] TEXT...",
        description = "Asks a question in plain language of a database (or runs SQL) and prints the rows.",
        footer = {"Exit status: 0 done, 1 failed (the message has the SQLState), 2 bad usage.",
            "Text that starts with '-' goes after --."})
public final class Ask implements Callable<Integer> {

    /** The bundled sample shop: customers, products, orders and their lines. */
    public static final String SAMPLE_URL =
            "jdbc:nl2sql:h2:mem:shop;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/sample/shop.sql'";

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "a jdbc:nl2sql: URL (default: the bundled H2 sample shop)")
    String url = SAMPLE_URL;

    @Option(names = "--sql", description = "run TEXT as SQL instead of asking it as a question")
    boolean sql;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "a connection property, such as -Dnl2sql.model=FILE.gguf (repeatable)")
    Map<String, String> properties = new LinkedHashMap<>();

    @Parameters(paramLabel = "TEXT", arity = "0..*",
            description = "a question in plain language, or with --sql, a plain SQL statement")
    List<String> words = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private Ask(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // java-llama.cpp leaves a native thread behind after the model closes, so exit explicitly.
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.of(new Ask(out, err), out, err).execute(args);
    }

    @Override
    public Integer call() {
        if (words.isEmpty()) {
            spec.commandLine().usage(err);
            return 2;
        }
        String text = String.join(" ", words);
        String statement = sql || text.regionMatches(true, 0, "NL:", 0, 3) ? text : "NL: " + text;
        Properties info = new Properties();
        info.putAll(properties);
        try (Connection connection = DriverManager.getConnection(url, info);
             Statement stmt = connection.createStatement()) {
            boolean rows = stmt.execute(statement);
            printWarnings(stmt.getWarnings(), err);
            if (rows) {
                try (ResultSet rs = stmt.getResultSet()) {
                    TablePrinter.print(rs, out);
                }
            } else {
                out.println(stmt.getUpdateCount() + " row(s) changed");
            }
            return 0;
        } catch (SQLException e) {
            err.println("error [" + e.getSQLState() + "]: " + e.getMessage());
            return 1;
        }
    }

    private static void printWarnings(SQLWarning warning, PrintStream err) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            err.println("note: " + w.getMessage());
        }
    }
}
