package dev.nl2sql.examples.dashboard;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The dashboard's command: {@code java -jar nl2sql-dashboard.jar} serves the page for the bundled sample shop on
 * 127.0.0.1:8080; {@code --url}, {@code --bind} and {@code --port} point it elsewhere
 * ({@link DashboardCommandLine}). {@code add-user} and {@code set-password} manage who may log in.
 */
public final class Dashboard {

    private Dashboard() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = DashboardOptions.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        DashboardOptions options;
        try {
            ParseResult parsed = line.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            options = DashboardOptions.of(parsed, System.getenv());
        } catch (ParameterException e) {
            err.println(e.getMessage());
            e.getCommandLine().usage(err);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            line.usage(err);
            return 2;
        }
        try {
            switch (options.command()) {
                case "add-user", "set-password" -> manageUser(options, out);
                default -> serve(options, out);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (SQLException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static void serve(DashboardOptions options, PrintStream out) throws SQLException, IOException {
        Properties driverProperties = new Properties();
        TargetDatabase database;
        if (options.url() == null) {
            database = SampleDatabase.start(driverProperties);
        } else {
            if (options.dbUser() != null) {
                driverProperties.setProperty("user", options.dbUser());
            }
            if (options.dbPassword() != null) {
                driverProperties.setProperty("password", options.dbPassword());
            }
            database = new TargetDatabase(options.url(), driverProperties);
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(options.bind()), options.port());
        DashboardServer server = DashboardServer.start(new DashboardServer.Config(database, address,
                options.dataDir(), options.timeoutSeconds(), options.maxRows(), options.adminPassword()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (SQLException e) {
                // The JVM is exiting; H2 also closes the store on exit.
            }
            stopped.countDown();
        }, "dashboard-shutdown"));

        out.println("nl2sql dashboard: http://" + hostForLinks(options.bind()) + ":" + server.address().getPort()
                + "/  (asking " + (options.url() == null ? "the bundled sample shop" : database.displayUrl()) + ")");
        if (server.generatedAdminPassword() != null) {
            out.println("Created user " + DashboardServer.FIRST_USER + " with password "
                    + server.generatedAdminPassword() + "  (shown only now; change it with set-password)");
        }
        if (!address.getAddress().isLoopbackAddress()) {
            out.println("Listening on the network: everyone who can reach this port sees the login page. Plain HTTP: "
                    + "on a network you do not trust, put a TLS proxy in front.");
        }
        out.println("Stop with Ctrl+C.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void manageUser(DashboardOptions options, PrintStream out) throws SQLException, IOException {
        try (AppStore store = AppStore.open(options.dataDir())) {
            UserAccounts users = new UserAccounts(store);
            if (options.command().equals("set-password") && !users.exists(options.userName())) {
                throw new IllegalArgumentException("No user named " + options.userName());
            }
            char[] password = readPassword(options.userName());
            try {
                if (options.command().equals("add-user")) {
                    users.add(options.userName(), password, UserAccounts.USER);
                    out.println("Added user " + options.userName());
                } else {
                    users.setPassword(options.userName(), password);
                    out.println("Changed the password of " + options.userName());
                }
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static char[] readPassword(String user) throws IOException {
        Console console = System.console();
        if (console == null) {
            // Scripts and containers: one line of standard input.
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("No password on standard input");
            }
            return line.toCharArray();
        }
        char[] first = console.readPassword("Password for %s: ", user);
        char[] second = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("The passwords differ");
        }
        return first;
    }

    private static String hostForLinks(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "<this machine's address>" : bind;
    }
}
