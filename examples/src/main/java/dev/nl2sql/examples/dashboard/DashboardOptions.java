package dev.nl2sql.examples.dashboard;

import java.nio.file.Path;
import java.util.Map;

/**
 * The dashboard's command line, with environment variables as fallbacks (handy in containers). Secrets (the
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

    static final String USAGE = String.join("\n",
            "Usage: java [-Dnl2sql.model=MODEL ...] -jar nl2sql-dashboard.jar [OPTIONS]",
            "       java -jar nl2sql-dashboard.jar add-user NAME [--data DIR]",
            "       java -jar nl2sql-dashboard.jar set-password NAME [--data DIR]",
            "Serves the dashboard page: ask questions, see the SQL, a table and a chart, pin them to dashboards.",
            "  --url URL              a jdbc:nl2sql: URL to ask (default: the bundled H2 sample shop)  "
                    + "[NL2SQL_DASHBOARD_URL]",
            "  --db-user NAME         the database account, best a read-only one  [NL2SQL_DASHBOARD_DB_USER];",
            "                         its password only from NL2SQL_DASHBOARD_DB_PASSWORD",
            "  --bind ADDRESS         where to listen (default 127.0.0.1; 0.0.0.0 for the whole network)  "
                    + "[NL2SQL_DASHBOARD_BIND]",
            "  --port N               the port (default 8080)  [NL2SQL_DASHBOARD_PORT]",
            "  --data DIR             the dashboard's own users and dashboards (default ~/.nl2sql/dashboard)  "
                    + "[NL2SQL_DASHBOARD_DATA]",
            "  --timeout SECONDS      the longest a question or query may take (default 120)",
            "  --max-rows N           the most rows a query keeps for its table and chart (default 10000)",
            "  --admin-password PW    the first user's password when the store has no user (default: random, "
                    + "printed once)  [NL2SQL_DASHBOARD_ADMIN_PASSWORD]",
            "add-user and set-password read the password from the console (or one line of standard input).",
            "Driver settings (nl2sql.model and the rest) are -D system properties or NL2SQL_* variables.");

    static DashboardOptions parse(String[] args, Map<String, String> env) {
        String command = "serve";
        String userName = null;
        String url = env.get("NL2SQL_DASHBOARD_URL");
        String dbUser = env.get("NL2SQL_DASHBOARD_DB_USER");
        String bind = env.getOrDefault("NL2SQL_DASHBOARD_BIND", "127.0.0.1");
        String port = env.getOrDefault("NL2SQL_DASHBOARD_PORT", "8080");
        String data = env.getOrDefault("NL2SQL_DASHBOARD_DATA",
                Path.of(System.getProperty("user.home"), ".nl2sql", "dashboard").toString());
        String timeout = "120";
        String maxRows = "10000";
        String adminPassword = blankToNull(env.get("NL2SQL_DASHBOARD_ADMIN_PASSWORD"));
        int i = 0;
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("add-user")
                || args[0].equals("set-password"))) {
            command = args[0];
            i = 1;
            if (!command.equals("serve")) {
                if (args.length < 2 || args[1].startsWith("--")) {
                    throw new IllegalArgumentException(command + " needs a user name");
                }
                userName = args[1];
                i = 2;
            }
        }
        for (; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                return new DashboardOptions("help", null, null, null, null, bind, 0, null, 0, 0, null);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("Unknown option or missing value: " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--url" -> url = value;
                case "--db-user" -> dbUser = value;
                case "--bind" -> bind = value;
                case "--port" -> port = value;
                case "--data" -> data = value;
                case "--timeout" -> timeout = value;
                case "--max-rows" -> maxRows = value;
                case "--admin-password" -> adminPassword = value;
                default -> throw new IllegalArgumentException("Unknown option: " + option);
            }
        }
        if (adminPassword != null && adminPassword.length() < UserAccounts.MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("The admin password needs at least "
                    + UserAccounts.MIN_PASSWORD_LENGTH + " characters");
        }
        return new DashboardOptions(command, userName, blankToNull(url), blankToNull(dbUser),
                blankToNull(env.get("NL2SQL_DASHBOARD_DB_PASSWORD")), bind, number("--port", port, 0, 65535),
                Path.of(data), number("--timeout", timeout, 1, 86_400), number("--max-rows", maxRows, 1, 1_000_000),
                adminPassword);
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
