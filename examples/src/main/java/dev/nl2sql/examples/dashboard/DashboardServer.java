package dev.nl2sql.examples.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: the JDK's HTTP server with the page and its JSON API, the dashboard's own store, and the database
 * people ask questions of, reached through nl2sql's JDBC driver.
 */
final class DashboardServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    /**
     * What a dashboard runs with.
     *
     * @param database       the database to ask, through a {@code jdbc:nl2sql:} URL
     * @param address        where to listen; a loopback address keeps it on this machine
     * @param dataDir        the dashboard's own store (users, dashboards)
     * @param timeoutSeconds the longest a question or query may take
     * @param maxRows        the most rows one query keeps for its table and chart
     * @param adminPassword  the password of the first user, {@value #FIRST_USER}, created when the store has no
     *                       users; null for a random one
     */
    record Config(TargetDatabase database, InetSocketAddress address, Path dataDir, int timeoutSeconds,
            int maxRows, String adminPassword) {
    }

    static final String FIRST_USER = "admin";

    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final AppStore store;
    private final QueryJobs jobs;
    private final ConversationThreads threads;
    private final String generatedAdminPassword;

    private DashboardServer(HttpServer http, ExecutorService httpThreads, AppStore store, QueryJobs jobs,
            ConversationThreads threads, String generatedAdminPassword) {
        this.http = http;
        this.httpThreads = httpThreads;
        this.store = store;
        this.jobs = jobs;
        this.threads = threads;
        this.generatedAdminPassword = generatedAdminPassword;
    }

    /** Opens the store and starts listening; the page works once this returns. */
    static DashboardServer start(Config config) throws IOException, SQLException {
        // Bound first: a taken port fails before anything is created (a first user's password nobody saw, threads).
        HttpServer http;
        try {
            http = HttpServer.create(config.address(), 64);
        } catch (BindException e) {
            throw new IOException("Cannot listen on " + config.address() + " (--bind, --port): " + e.getMessage(), e);
        }
        AppStore store = null;
        ConversationThreads threads = null;
        try {
            store = AppStore.open(config.dataDir());
            Clock clock = Clock.systemUTC();
            UserAccounts users = new UserAccounts(store);
            String generated = null;
            if (users.isEmpty()) {
                // Never a default password: the first user's is given, or random and shown once.
                generated = config.adminPassword() == null ? PasswordHashing.randomPassword() : null;
                users.add(FIRST_USER, (generated != null ? generated : config.adminPassword()).toCharArray(),
                        UserAccounts.ADMIN);
                log.info("Created the first user, {}", FIRST_USER);
            }
            Sessions sessions = new Sessions(Duration.ofHours(12), clock);
            History history = new History(store);
            QueryJobs jobs = new QueryJobs(QueryConnections.perQuery(config.database()), history,
                    config.timeoutSeconds(), config.maxRows(), 4, clock);
            threads = new ConversationThreads(config.database(), clock);
            ConversationThreads ended = threads;
            sessions.onEnd((user, token) -> ended.sessionEnded(user, token));
            Router router = new Router(sessions, users, new ObjectMapper(), new StaticFiles());
            new AuthApi(users, sessions, new LoginThrottle(Duration.ofSeconds(30), clock)).register(router);
            new UsersApi(users, sessions).register(router);
            new QueryApi(jobs, threads).register(router);
            new ConversationApi(threads, jobs).register(router);
            new HistoryApi(history).register(router);
            new DashboardApi(new Dashboards(store), jobs).register(router);
            new MemoryApi(new DatabaseMemory(config.database()),
                    new Teachers(store, config.database().displayUrl())).register(router);
            new SchemaApi(new SchemaCatalog(config.database(), clock)).register(router);
            ExecutorService httpThreads = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "dashboard-http");
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(httpThreads);
            http.createContext("/", router);
            http.start();
            log.info("Dashboard listening on {} for {}", http.getAddress(), config.database().displayUrl());
            return new DashboardServer(http, httpThreads, store, jobs, threads, generated);
        } catch (IOException | SQLException | RuntimeException e) {
            http.stop(0);
            if (threads != null) {
                threads.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    /** The address it listens on (with the actual port when port 0 was asked for). */
    InetSocketAddress address() {
        return http.getAddress();
    }

    /** The random password of {@value #FIRST_USER} if this start created it, for the console; else null. */
    String generatedAdminPassword() {
        return generatedAdminPassword;
    }

    @Override
    public void close() throws SQLException {
        http.stop(0);
        jobs.close();
        threads.close();
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
