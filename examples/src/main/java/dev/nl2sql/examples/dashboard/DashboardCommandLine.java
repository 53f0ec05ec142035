package dev.nl2sql.examples.dashboard;

import dev.nl2sql.examples.cli.CliVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * The dashboard's command line as picocli reads it: serving (with or without the word {@code serve}), and the two user
 * commands. {@link DashboardOptions#parse} adds the environment's fallbacks and checks the values. Options are kept as
 * text so that a bad number is reported the same way whether it came from an option or a variable.
 */
@Command(name = "nl2sql-dashboard.jar", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = CliVersion.class, synopsisSubcommandLabel = "[COMMAND]",
        customSynopsis = {
            "java [-Dnl2sql.model=MODEL ...] -jar nl2sql-dashboard.jar [serve] [OPTIONS]",
            "       java -jar nl2sql-dashboard.jar add-user NAME [--data=DIR]",
            "       java -jar nl2sql-dashboard.jar set-password NAME [--data=DIR]"},
        description = "Serves the dashboard page: ask questions, see the SQL, a table and a chart, pin them to "
                + "dashboards. [NL2SQL_DASHBOARD_*] variables stand in for options that are not given.",
        subcommands = {DashboardCommandLine.Serve.class, DashboardCommandLine.AddUser.class,
            DashboardCommandLine.SetPassword.class},
        footer = {"add-user and set-password read the password from the console (or one line of standard input).",
            "Driver settings (nl2sql.model and the rest) are -D system properties or NL2SQL_* variables.",
            "Exit status: 0 done, 1 failed, 2 bad usage."})
final class DashboardCommandLine {

    @Mixin
    ServeArguments serve = new ServeArguments();

    /** How and what to serve. */
    static final class ServeArguments {
        @Option(names = "--url", paramLabel = "URL",
                description = "a jdbc:nl2sql: URL to ask (default: the bundled H2 sample shop)  [NL2SQL_DASHBOARD_URL]")
        String url;

        @Option(names = "--db-user", paramLabel = "NAME", description = "the database account, best a read-only one "
                + "[NL2SQL_DASHBOARD_DB_USER]; its password only from NL2SQL_DASHBOARD_DB_PASSWORD")
        String dbUser;

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "where to listen (default 127.0.0.1; 0.0.0.0 "
                + "for the whole network)  [NL2SQL_DASHBOARD_BIND]")
        String bind;

        @Option(names = "--port", paramLabel = "N", description = "the port (default 8080)  [NL2SQL_DASHBOARD_PORT]")
        String port;

        @Mixin
        DataArgument data = new DataArgument();

        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "the longest a question or query may take (default 120)")
        String timeout;

        @Option(names = "--max-rows", paramLabel = "N",
                description = "the most rows a query keeps for its table and chart (default 10000)")
        String maxRows;

        @Option(names = "--admin-password", paramLabel = "PW", description = "the first user's password when the "
                + "store has no user (default: random, printed once)  [NL2SQL_DASHBOARD_ADMIN_PASSWORD]")
        String adminPassword;

        /** True when any option was given. */
        boolean any() {
            return url != null || dbUser != null || bind != null || port != null || data.dir != null
                    || timeout != null || maxRows != null || adminPassword != null;
        }
    }

    /** The dashboard's own store. */
    static final class DataArgument {
        @Option(names = "--data", paramLabel = "DIR", description = "the dashboard's own users and dashboards "
                + "(default ~/.nl2sql/dashboard)  [NL2SQL_DASHBOARD_DATA]")
        String dir;
    }

    @Command(name = "serve", description = "Serve the page (the default).")
    static final class Serve {
        @Mixin
        ServeArguments serve = new ServeArguments();
    }

    @Command(name = "add-user", description = "Add a user who may log in.")
    static final class AddUser {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Mixin
        DataArgument data = new DataArgument();
    }

    @Command(name = "set-password", description = "Change a user's password.")
    static final class SetPassword {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Mixin
        DataArgument data = new DataArgument();
    }
}
