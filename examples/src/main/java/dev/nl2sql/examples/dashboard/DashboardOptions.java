package dev.nl2sql.examples.dashboard;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The dashboard's options: its command line ({@link DashboardCommandLine}), with environment variables as fallbacks (handy in containers). Secrets (the
 * database password, the first user's password) may come from the environment so they stay out of the process
 * list.
 *
 * @param command       {@code serve}, {@code add-user} or {@code set-password}
 * @param userName      the user that {@code add-user} and {@code set-password} work on
 * @param url           the {@code jdbc:nl2sql:} URL to ask, or null for the bundled sample
 * @param dbUser        the database account, or null for the URL's own
 * @param dbPassword    its password, or null
 * @param bind          the address to listen on
 * @param port          the port
 * @param dataDir       the dashboard's own store
 * @param timeoutSeconds the longest one question or query may take
 * @param maxRows       the most rows one query keeps
 * @param adminPassword the first user's password, or null for a random one
 */
record DashboardOptions(String command, String userName, String url, String dbUser, String dbPassword,
        String bind, int port, Path dataDir, int timeoutSeconds, int maxRows, String adminPassword) {

    /** The command line's parser; a new one for each use, as picocli keeps the values in it. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new DashboardCommandLine());
        // A password or a folder may start with @; it is not a file of arguments.
        line.setExpandAtFiles(false);
        // The last of a repeated option wins, as before picocli: a script or an image may append options.
        line.setOverwrittenOptionsAllowed(true);
        return line;
    }

    /** The options of this command line: {@link IllegalArgumentException} says what is wrong with it. */
    static DashboardOptions parse(String[] args, Map<String, String> env) {
        try {
            return of(commandLine().parseArgs(args), env);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The options of a parsed command line, with the environment as fallback. */
    static DashboardOptions of(ParseResult parsed, Map<String, String> env) {
        DashboardCommandLine root = (DashboardCommandLine) parsed.commandSpec().userObject();
        ParseResult sub = parsed.subcommand();
        Object command = sub == null ? root : sub.commandSpec().userObject();
        if (sub != null && root.serve.any()) {
            // Serving's options before a command would be dropped without a word; say where they belong.
            throw new IllegalArgumentException("Options go after the command: java -jar nl2sql-dashboard.jar "
                    + sub.commandSpec().name() + " ... [OPTIONS]");
        }
        if (command instanceof DashboardCommandLine.AddUser add) {
            return user("add-user", add.name, add.data, env);
        }
        if (command instanceof DashboardCommandLine.SetPassword set) {
            return user("set-password", set.name, set.data, env);
        }
        DashboardCommandLine.ServeArguments serve = command instanceof DashboardCommandLine.Serve s ? s.serve
                : root.serve;
        String adminPassword = blankToNull(or(serve.adminPassword, env.get("NL2SQL_DASHBOARD_ADMIN_PASSWORD")));
        if (adminPassword != null && adminPassword.length() < UserAccounts.MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("The admin password needs at least "
                    + UserAccounts.MIN_PASSWORD_LENGTH + " characters");
        }
        return new DashboardOptions("serve", null, blankToNull(or(serve.url, env.get("NL2SQL_DASHBOARD_URL"))),
                blankToNull(or(serve.dbUser, env.get("NL2SQL_DASHBOARD_DB_USER"))),
                blankToNull(env.get("NL2SQL_DASHBOARD_DB_PASSWORD")),
                or(serve.bind, env.getOrDefault("NL2SQL_DASHBOARD_BIND", "127.0.0.1")),
                number("--port", or(serve.port, env.getOrDefault("NL2SQL_DASHBOARD_PORT", "8080")), 0, 65535),
                dataDir(serve.data, env), number("--timeout", or(serve.timeout, "120"), 1, 86_400),
                number("--max-rows", or(serve.maxRows, "10000"), 1, 1_000_000), adminPassword);
    }

    private static DashboardOptions user(String command, String name, DashboardCommandLine.DataArgument data,
            Map<String, String> env) {
        return new DashboardOptions(command, name, null, null, null, "127.0.0.1", 0, dataDir(data, env), 0, 0, null);
    }

    private static Path dataDir(DashboardCommandLine.DataArgument data, Map<String, String> env) {
        return Path.of(or(data.dir, env.getOrDefault("NL2SQL_DASHBOARD_DATA",
                Path.of(System.getProperty("user.home"), ".nl2sql", "dashboard").toString())));
    }

    private static String or(String option, String fallback) {
        return option != null ? option : fallback;
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ": "
                + value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
