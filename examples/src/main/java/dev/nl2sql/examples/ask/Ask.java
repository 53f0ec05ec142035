package dev.nl2sql.examples.ask;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks one question of a database from the command line, through nothing but JDBC:
 * {@code java -jar nl2sql-ask.jar "How many customers are there in Portugal?"}.
 *
 * <p>With no {@code --url} it opens the bundled sample shop in an in-memory H2 database. Driver settings
 * ({@code nl2sql.model} and the rest) come as {@code -D} system properties or {@code NL2SQL_*} variables.
 */
public final class Ask {

    /** The bundled sample shop: customers, products, orders and their lines. */
    public static final String SAMPLE_URL =
            "jdbc:nl2sql:h2:mem:shop;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/sample/shop.sql'";

    private static final String USAGE = String.join("\n",
            "Usage: java [-Dnl2sql.model=FILE.gguf] -jar nl2sql-ask.jar [--url JDBC_URL] [--sql] TEXT",
            "  TEXT       a question in plain language, or with --sql, a plain SQL statement",
            "  --url      a jdbc:nl2sql: URL (default: the bundled H2 sample shop)",
            "  --sql      run TEXT as SQL instead of asking it as a question");

    private Ask() {
    }

    public static void main(String[] args) {
        // java-llama.cpp leaves a native thread behind after the model closes, so exit explicitly.
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String url = SAMPLE_URL;
        boolean sql = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> {
                    if (i + 1 == args.length) {
                        err.println(USAGE);
                        return 2;
                    }
                    url = args[++i];
                }
                case "--sql" -> sql = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> words.add(args[i]);
            }
        }
        if (words.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        String text = String.join(" ", words);
        String statement = sql || text.regionMatches(true, 0, "NL:", 0, 3) ? text : "NL: " + text;
        try (Connection connection = DriverManager.getConnection(url);
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
