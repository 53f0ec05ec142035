package dev.nl2sql.driver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.driver.TestDatabase;
import dev.nl2sql.driver.TestModels;
import dev.nl2sql.engine.t5.RandomT5Checkpoint;
import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The -all jar as a tool uses it (run by failsafe after {@code package}): a class loader over only that jar, the H2,
 * SQLite and PostgreSQL drivers' jars and slf4j-api, whose parent is the platform loader (so nothing of this build's
 * classpath shows through), the driver class instantiated and {@code connect} called directly, as DBeaver does, with
 * no DriverManager lookup of H2 through that loader. Then the T5 add-on: without it a T5 question is a clear
 * SQLException; with its -all jar (and PyTorch's CPU library) in the same loader, a T5 question is answered.
 */
class ShadedJarIT {

    private static URLClassLoader loader;
    private static Class<?> isolatedH2Connection;

    @BeforeAll
    static void isolatedLoader() throws Exception {
        Path shaded = jar("nl2sql.it.shadedJar");
        Path h2 = jar("nl2sql.it.h2Jar");
        Path slf4j = jar("nl2sql.it.slf4jJar");
        Path sqlite = jar("nl2sql.it.sqliteJar");
        Path postgres = jar("nl2sql.it.postgresJar");
        // DriverManager reads its service files once per JVM: let it do so now, with this build's class loader, so
        // the isolated H2 is never registered through a ServiceLoader over the isolated loader.
        Collections.list(DriverManager.getDrivers());
        loader = new URLClassLoader("shaded-jar-it", new URL[] {
            shaded.toUri().toURL(), h2.toUri().toURL(), sqlite.toUri().toURL(), postgres.toUri().toURL(),
            slf4j.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        isolatedH2Connection = loader.loadClass("org.h2.jdbc.JdbcConnection");
        assertFalse(isolatedH2Connection == org.h2.jdbc.JdbcConnection.class, "H2 is isolated from the build's copy");
    }

    @AfterAll
    static void closeLoader() throws Exception {
        loader.close();
    }

    private static Path jar(String property) {
        String value = System.getProperty(property);
        assertNotNull(value, property + " is set by driver/pom.xml (failsafe systemPropertyVariables)");
        Path path = Path.of(value);
        assertTrue(Files.isRegularFile(path), property + ": " + path + " does not exist (run: mvn -B -ntp verify)");
        return path;
    }

    /**
     * What a llama user downloads, at most 30 MB (issue 17): 29.4 MB with the shade plugin's minimizeJar (Calcite,
     * Avatica, Janino, Caffeine, Jackson databind and nl2sql kept whole), without Avatica's remote-driver libraries
     * (protobuf, httpclient5) and without java-llama.cpp's Android and 32-bit Windows natives. It was 42.9 MB
     * before, 69.5 MB with DJL. The tests below run what llama users do from this jar alone, so that a class the
     * minimizer removed shows up as a failure.
     */
    private static final long MAX_DRIVER_JAR_BYTES = 30_000_000L;

    @Test
    void theJarHoldsWhatItShouldAndRelocatesWhatItShould() throws Exception {
        long size = Files.size(jar("nl2sql.it.shadedJar"));
        assertTrue(size <= MAX_DRIVER_JAR_BYTES, "the driver jar is " + size + " bytes");
        assertNotNull(loader.getResource("de/kherud/llama/Linux/x86_64/libjllama.so"), "llama.cpp natives");
        for (String t5Only : List.of("ai/djl/engine/Engine.class",
                "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class", "jnilib/pytorch.properties",
                "native/lib/tokenizers.properties", "com/sun/jna/Native.class")) {
            assertNull(loader.getResource(t5Only), t5Only + " belongs in the T5 add-on, not the driver jar");
        }
        assertNotNull(loader.loadClass("dev.nl2sql.shaded.com.github.benmanes.caffeine.cache.Caffeine"));
        assertNotNull(loader.loadClass("dev.nl2sql.shaded.com.google.common.collect.ImmutableList"));
        assertNotNull(loader.loadClass("dev.nl2sql.shaded.com.fasterxml.jackson.databind.ObjectMapper"));
        assertNotNull(loader.loadClass("org.apache.calcite.sql.parser.SqlParser"), "Calcite keeps its packages");
        for (String moved : List.of("com.github.benmanes.caffeine.cache.Caffeine",
                "com.google.common.collect.ImmutableList", "com.fasterxml.jackson.databind.ObjectMapper")) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(moved), moved + " is relocated");
        }
        assertTrue(loader.loadClass("org.slf4j.LoggerFactory").getProtectionDomain().getCodeSource().getLocation()
                .toString().contains("slf4j-api"), "slf4j-api comes from the host, not the -all jar");
        try (ZipFile zip = new ZipFile(jar("nl2sql.it.shadedJar").toFile())) {
            for (String database : List.of("org/postgresql/Driver.class", "org/h2/Driver.class",
                    "org/sqlite/JDBC.class")) {
                assertNull(zip.getEntry(database), database + ": no database's JDBC driver is bundled");
            }
            // Left out for size (issue 17): Avatica's remote driver's libraries and the natives of two platforms.
            for (String left : List.of("com/google/protobuf/Message.class",
                    "org/apache/hc/client5/http/classic/HttpClient.class", "org/apache/hc/core5/http/HttpHost.class",
                    "org/apache/calcite/avatica/proto/Common.class",
                    "de/kherud/llama/Linux-Android/aarch64/libjllama.so", "de/kherud/llama/Windows/x86/jllama.dll")) {
                assertNull(zip.getEntry(left), left + " is left out of the driver jar");
            }
            for (String platform : List.of("Linux/x86_64/libjllama.so", "Linux/aarch64/libjllama.so",
                    "Mac/x86_64/libjllama.dylib", "Mac/aarch64/libjllama.dylib", "Windows/x86_64/jllama.dll")) {
                assertNotNull(zip.getEntry("de/kherud/llama/" + platform), platform + " natives");
            }
        }

        URL services = null;
        for (URL url : Collections.list(loader.getResources("META-INF/services/java.sql.Driver"))) {
            if (url.toString().contains("-all.jar")) {
                services = url;
            }
        }
        assertNotNull(services, "the -all jar registers a java.sql.Driver");
        // Calcite's and Avatica's drivers are not registered (filters in driver/pom.xml): DriverManager would load
        // them in every host, and Avatica's remote driver refers to protobuf and httpclient5, not in this jar.
        try (InputStream in = services.openStream()) {
            assertEquals("dev.nl2sql.driver.Nl2SqlDriver", new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .reduce((a, b) -> a + "," + b).orElse(""));
        }
    }

    @Test
    void plainSqlAndAQuestionThroughTheShadedJar() throws Exception {
        Driver driver = newDriver();
        Properties properties = TestModels.storiesProperties();
        try (Connection c = driver.connect("jdbc:nl2sql:h2:mem:x", properties); Statement s = c.createStatement()) {
            assertNotNull(c, "the driver accepts its URL");
            assertTrue(c.isWrapperFor(isolatedH2Connection), "the wrapped H2 is the one in the driver's loader");
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(60), city VARCHAR(40))");
            s.execute("INSERT INTO customers VALUES (1, 'Ada', 'Lisbon'), (2, 'Grace', 'Porto')");
            try (ResultSet rs = s.executeQuery("SELECT name FROM customers ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("Ada", rs.getString(1));
                assertSame(s, rs.getStatement());
            }

            // A host whose context class loader cannot see the driver's jars (DBeaver's, for instance).
            String answer = withContextLoader(ClassLoader.getPlatformClassLoader(), () -> {
                assertTrue(s.execute("NL: How many customers are there in Lisbon?"));
                try (ResultSet rs = s.getResultSet()) {
                    assertNotNull(rs, "a question answers with a ResultSet");
                    int columns = rs.getMetaData().getColumnCount();
                    assertTrue(columns > 0);
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                    }
                }
                SQLWarning warning = s.getWarnings();
                assertNotNull(warning, "the SQL the model wrote is attached as a warning");
                return warning.getMessage();
            });
            assertTrue(answer.contains("with: SELECT"), answer);
        }
    }

    @Test
    void theDelegateDriverPropertyFindsH2InTheDriversOwnLoader() throws Exception {
        Driver driver = newDriver();
        Properties properties = new Properties();
        properties.setProperty("nl2sql.delegateDriver", "org.h2.Driver");
        // The context loader sees no H2, so the class must come from the loader that holds nl2sql.
        try (Connection c = withContextLoader(ClassLoader.getPlatformClassLoader(),
                () -> driver.connect("jdbc:nl2sql:h2:mem:delegate", properties));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
            assertTrue(c.isWrapperFor(isolatedH2Connection));
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void aReplayedQuestionThroughTheShadedJar(@TempDir Path dir) throws Exception {
        Path replay = Files.writeString(dir.resolve("answers.tsv"),
                "How many pets are there?\tSELECT COUNT(*) FROM pets\n");
        Properties properties = new Properties();
        properties.setProperty("nl2sql.engine", "replay");
        properties.setProperty("nl2sql.replay", replay.toString());
        try (Connection c = newDriver().connect("jdbc:nl2sql:h2:mem:replay", properties);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pets (id INT PRIMARY KEY, name VARCHAR(20))");
            s.execute("INSERT INTO pets VALUES (1, 'Rex'), (2, 'Tom')");
            try (ResultSet rs = withContextLoader(ClassLoader.getPlatformClassLoader(),
                    () -> s.executeQuery("NL: How many pets are there?"))) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    void aT5QuestionWithoutTheAddOnSaysWhichJarToAdd(@TempDir Path dir) throws Exception {
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("ai.djl.engine.Engine"));
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = newDriver().connect("jdbc:nl2sql:h2:mem:t5_missing", t5(dir));
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE pets (id INT PRIMARY KEY, name VARCHAR(20))");
                s.executeQuery("NL: How many pets are there?").close();
            }
        });
        assertEquals("HY000", e.getSQLState(), e.toString());
        assertTrue(e.getMessage().contains("nl2sql-t5-addon") && e.getMessage().contains("beside the driver jar"),
                e.getMessage());
    }

    @Test
    void withTheAddOnAT5QuestionIsAnswered(@TempDir Path dir) throws Exception {
        Path addon = jar("nl2sql.it.t5AddonJar");
        Path pytorch = jar("nl2sql.it.pytorchNativeJar");
        Path checkpoint = dir.resolve("tiny-t5");
        // The checkpoint is written by the add-on's PyTorch in a JVM of its own: PyTorch's JNI library can belong to
        // one class loader per JVM, and here that is the loader below.
        // the writer is a test fixture of the engine (its test jar), not part of the shaded jar
        Path fixture = Path.of(RandomT5Checkpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classPath = String.join(File.pathSeparator, jar("nl2sql.it.shadedJar").toString(), addon.toString(),
                pytorch.toString(), jar("nl2sql.it.slf4jJar").toString(), fixture.toString());
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "dev.nl2sql.engine.t5.RandomT5Checkpoint", checkpoint.toString(),
                TestModels.dir().resolve("t5-small").resolve("tokenizer.json").toString(), "tiny", "7")
                .redirectErrorStream(true).redirectOutput(dir.resolve("writer.log").toFile()).start();
        assertTrue(writer.waitFor(5, TimeUnit.MINUTES), "the checkpoint writer finished");
        assertEquals(0, writer.exitValue(), Files.readString(dir.resolve("writer.log")));

        try (URLClassLoader withAddon = new URLClassLoader("shaded-jar-it-t5", new URL[] {
            jar("nl2sql.it.shadedJar").toUri().toURL(), addon.toUri().toURL(), pytorch.toUri().toURL(),
            jar("nl2sql.it.h2Jar").toUri().toURL(), jar("nl2sql.it.slf4jJar").toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) withAddon.loadClass("dev.nl2sql.driver.Nl2SqlDriver").getDeclaredConstructor()
                    .newInstance();
            try (Connection c = driver.connect("jdbc:nl2sql:h2:mem:t5_addon", t5(checkpoint));
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE pets (id INT PRIMARY KEY, name VARCHAR(20))");
                s.execute("INSERT INTO pets VALUES (1, 'Rex'), (2, 'Tom')");
                // As in DBeaver: the context class loader cannot see the add-on, which DJL looks through.
                String sql = withContextLoader(ClassLoader.getPlatformClassLoader(), () -> {
                    try (ResultSet rs = s.executeQuery("NL: How many pets are there?")) {
                        assertTrue(rs.getMetaData().getColumnCount() >= 1);
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                    return s.getWarnings().getMessage();
                });
                assertTrue(sql.contains("with: SELECT"), sql);
            }
        }
    }

    /**
     * The checker's breadth through the minimized jar: a replayed answer (so the SQL is exactly this) with joins, a
     * LEFT JOIN, GROUP BY/HAVING, ORDER BY/LIMIT, scalar and IN subqueries, CASE, LIKE, CAST, a date function,
     * UNION and EXCEPT, parsed, validated and unparsed by Calcite for each database, then run by the wrapped driver
     * from the isolated loader; also {@code EXPLAIN NL:}, {@code DatabaseMetaData} and {@code getPropertyInfo}.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL"})
    void theCheckerAndTheMetadataThroughTheShadedJar(TestDatabase database, @TempDir Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String customers = "it_customers_" + suffix;
        String orders = "it_orders_" + suffix;
        String year = database == TestDatabase.SQLITE
                ? "CAST(STRFTIME('%Y', o.placed) AS INTEGER)" : "EXTRACT(YEAR FROM o.placed)";
        String question = "Which cities bought the most this year?";
        String sql = ("SELECT t.city, t.total, t.band, t.n FROM ("
                + "SELECT c.city AS city, SUM(o.amount) AS total,"
                + " CASE WHEN SUM(o.amount) > 300 THEN 'big' ELSE 'small' END AS band,"
                + " CAST(COUNT(*) AS VARCHAR(10)) AS n"
                + " FROM {c} c JOIN {o} o ON o.customer_id = c.id"
                + " WHERE {year} = 2024 AND c.name LIKE 'A%' AND o.amount > (SELECT MIN(o2.amount) FROM {o} o2)"
                + " GROUP BY c.city HAVING COUNT(*) >= 2"
                + " UNION"
                + " SELECT c.city, 0, 'none', '0' FROM {c} c LEFT JOIN {o} o ON o.customer_id = c.id"
                + " WHERE o.id IS NULL AND c.id IN (SELECT c2.id FROM {c} c2 EXCEPT SELECT o3.customer_id FROM {o} o3)"
                + ") t ORDER BY t.total DESC, t.city LIMIT 5")
                .replace("{c}", customers).replace("{o}", orders).replace("{year}", year);
        Path replay = Files.writeString(dir.resolve("answers.tsv"), question + "\t" + sql + "\n");
        Properties properties = new Properties();
        properties.setProperty("nl2sql.engine", "replay");
        properties.setProperty("nl2sql.replay", replay.toString());

        Driver driver = newDriver();
        String url = "jdbc:nl2sql:" + database.open().directUrl();
        try (Connection c = driver.connect(url, properties); Statement s = c.createStatement()) {
            String connectionType = switch (database) {
                case SQLITE -> "org.sqlite.SQLiteConnection";
                case POSTGRESQL -> "org.postgresql.PGConnection";
                default -> "org.h2.jdbc.JdbcConnection";
            };
            assertTrue(c.isWrapperFor(loader.loadClass(connectionType)),
                    database + "'s driver is the one beside the shaded jar");
            try {
                s.execute("CREATE TABLE " + customers + " (id INT PRIMARY KEY, name VARCHAR(60), city VARCHAR(40))");
                s.execute("CREATE TABLE " + orders + " (id INT PRIMARY KEY, customer_id INT REFERENCES " + customers
                        + " (id), amount INT, placed DATE)");
                s.execute("INSERT INTO " + customers + " VALUES (1, 'Ada', 'Lisbon'), (2, 'Grace', 'Porto'),"
                        + " (3, 'Alan', 'Lisbon'), (4, 'Linus', 'Oslo')");
                s.execute("INSERT INTO " + orders + " VALUES (1, 1, 100, '2024-01-15'), (2, 1, 250, '2024-03-02'),"
                        + " (3, 2, 75, '2023-12-30'), (4, 3, 300, '2024-02-10'), (5, 3, 20, '2024-05-01')");

                List<String> rows = withContextLoader(ClassLoader.getPlatformClassLoader(), () -> {
                    List<String> read = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery("NL: " + question)) {
                        while (rs.next()) {
                            read.add(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getString(3) + ","
                                    + rs.getString(4).strip());
                        }
                    }
                    return read;
                });
                assertEquals(List.of("Lisbon,650,big,3", "Oslo,0,none,0"), rows, database + ": " + sql);
                assertTrue(s.getWarnings().getMessage().contains("with: SELECT"), s.getWarnings().getMessage());

                String explained;
                try (ResultSet rs = s.executeQuery("EXPLAIN NL: " + question)) {
                    assertEquals("sql", rs.getMetaData().getColumnLabel(1));
                    assertTrue(rs.next());
                    explained = rs.getString("sql");
                    assertFalse(rs.next(), "EXPLAIN NL: answers one row");
                }
                String upper = explained.toUpperCase(Locale.ROOT);
                for (String part : List.of("SELECT", "JOIN", "GROUP BY", "HAVING", "ORDER BY", "UNION", "EXCEPT",
                        "CASE", "LIKE", "CAST")) {
                    assertTrue(upper.contains(part), part + " in the checked SQL: " + explained);
                }
                try (Statement direct = c.createStatement(); ResultSet rs = direct.executeQuery(explained)) {
                    assertTrue(rs.next(), "the explained SQL runs as it is: " + explained);
                }

                DatabaseMetaData md = c.getMetaData();
                String table = null;
                try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                    while (rs.next()) {
                        if (rs.getString("TABLE_NAME").equalsIgnoreCase(customers)) {
                            table = rs.getString("TABLE_NAME");
                        }
                    }
                }
                assertNotNull(table, "getTables lists " + customers);
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = md.getColumns(null, null, table, "%")) {
                    while (rs.next()) {
                        columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                assertEquals(List.of("id", "name", "city"), columns);
            } finally {
                s.execute("DROP TABLE IF EXISTS " + orders);
                s.execute("DROP TABLE IF EXISTS " + customers);
            }
        }

        DriverPropertyInfo[] ours = driver.getPropertyInfo("jdbc:other:x", new Properties());
        assertTrue(List.of(ours).stream().anyMatch(p -> p.name.equals("nl2sql.engine")), "nl2sql's properties");
        DriverPropertyInfo[] all = driver.getPropertyInfo(url, new Properties());
        assertTrue(all.length >= ours.length, "nl2sql's properties and the wrapped driver's");
        if (database != TestDatabase.H2) {
            assertTrue(all.length > ours.length, database + "'s own properties are listed too");
        }
    }

    /**
     * The service entries the jar registers load in a host: a ServiceLoader over the isolated loader (as
     * DriverManager and nl2sql's own delegate search use), and DriverManager itself in a fresh JVM whose class path
     * is the shaded jar, slf4j-api and H2, as a host application's would be.
     */
    @Test
    void theRegisteredDriversLoadInAHost(@TempDir Path dir) throws Exception {
        List<String> found = new ArrayList<>();
        for (Driver d : ServiceLoader.load(Driver.class, loader)) {
            found.add(d.getClass().getName());
        }
        assertTrue(found.contains("dev.nl2sql.driver.Nl2SqlDriver"), found.toString());
        for (String absent : List.of("org.apache.calcite.jdbc.Driver", "org.apache.calcite.avatica.remote.Driver")) {
            assertFalse(found.contains(absent), absent + " is not registered: " + found);
        }

        Path probe = Files.writeString(dir.resolve("Probe.java"), String.join("\n",
                "import java.sql.*;",
                "import java.util.*;",
                "public class Probe {",
                "  public static void main(String[] args) throws Exception {",
                "    for (Driver d : Collections.list(DriverManager.getDrivers())) {",
                "      System.out.println(\"driver \" + d.getClass().getName());",
                "    }",
                "    try (Connection c = DriverManager.getConnection(\"jdbc:nl2sql:h2:mem:probe\");",
                "         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(\"SELECT 40 + 2\")) {",
                "      rs.next();",
                "      System.out.println(\"answer \" + rs.getInt(1));",
                "    }",
                "  }",
                "}", ""));
        String classPath = String.join(File.pathSeparator, jar("nl2sql.it.shadedJar").toString(),
                jar("nl2sql.it.slf4jJar").toString(), jar("nl2sql.it.h2Jar").toString());
        Path log = dir.resolve("probe.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, probe.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the probe finished");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertTrue(lines.contains("driver dev.nl2sql.driver.Nl2SqlDriver"), output);
        assertTrue(lines.contains("driver org.h2.Driver"), output);
        assertTrue(lines.contains("answer 42"), output);
        assertFalse(output.contains("Exception") || output.contains("Error"), output);
        assertFalse(output.contains("calcite"), "neither Calcite's nor Avatica's driver is registered: " + output);
    }

    private static Properties t5(Path model) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "t5");
        p.setProperty("nl2sql.model", model.toString());
        p.setProperty("nl2sql.device", "cpu");
        p.setProperty("nl2sql.maxTokens", "96");
        return p;
    }

    private static Driver newDriver() throws Exception {
        Class<?> type = loader.loadClass("dev.nl2sql.driver.Nl2SqlDriver");
        assertSame(loader, type.getClassLoader(), "the driver comes from the -all jar, not this build's classpath");
        return (Driver) type.getDeclaredConstructor().newInstance();
    }

    private static <T> T withContextLoader(ClassLoader context, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(context);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
