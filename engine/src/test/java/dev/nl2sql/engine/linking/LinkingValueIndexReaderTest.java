package dev.nl2sql.engine.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.schema.SchemaFingerprint;
import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The value index is read from the database within its bounds. */
class LinkingValueIndexReaderTest {

    private Connection c;
    private DbSchema schema;

    @BeforeEach
    void database() throws Exception {
        c = DriverManager.getConnection("jdbc:h2:mem:values_" + System.nanoTime());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE city (id INT PRIMARY KEY, name VARCHAR(200), country VARCHAR(40), pop INT)");
            s.execute("CREATE TABLE note (id INT PRIMARY KEY, body CLOB)");
            s.execute("CREATE VIEW big_city AS SELECT name FROM city WHERE pop > 100");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO city VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 50; i++) {
                p.setInt(1, i);
                p.setString(2, i == 0 ? "Berlin" : i == 1 ? "x".repeat(100) : "Town " + i);
                p.setString(3, i % 2 == 0 ? "Germany" : "France");
                p.setInt(4, i * 10);
                p.addBatch();
            }
            p.executeBatch();
        }
        schema = new SchemaReader().read(c);
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private static ValueIndexReader.Limits limits(int perColumn, int total) {
        return new ValueIndexReader.Limits(perColumn, 100_000, 64, total, 5_000, 5_000_000L, 1_000_000,
                Duration.ofSeconds(30));
    }

    private static ValueIndexReader.Limits limits(int rowsPerColumn, int maxColumns, long maxCells) {
        return new ValueIndexReader.Limits(1_000, rowsPerColumn, 64, 200_000, maxColumns, maxCells, 1_000_000,
                Duration.ofSeconds(30));
    }

    @Test
    void readsTheDistinctValuesOfTextColumnsOfTables() {
        ValueIndex index = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT).read(c, schema, IdentifierStyle.H2);
        // 49 names (the 100-character one is left out) and 2 countries; no CLOB, no view
        assertEquals(2, index.columnCount());
        assertEquals(51, index.size());
        ValueMatch berlin = index.match("what is the population of berlin", 5).get(0);
        assertEquals(List.of("CITY", "NAME", "Berlin"), List.of(berlin.table(), berlin.column(), berlin.value()));
        assertEquals("Germany", index.match("cities in germany", 5).get(0).value());
    }

    @Test
    void atMostSoManyValuesPerColumnAndInAll() {
        int size = new ValueIndexReader(limits(10, 1000)).read(c, schema, IdentifierStyle.H2)
                .size();
        // 10 names read (one may be the 100-character one, left out) and 2 countries
        assertTrue(size == 12 || size == 11, "values: " + size);
        assertEquals(20, new ValueIndexReader(limits(1000, 20))
                .read(c, schema, IdentifierStyle.H2).size());
    }

    @Test
    void theReportCountsWhatWasRead() {
        ValueIndexReader.Report report = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT)
                .readWithReport(c, schema, IdentifierStyle.H2).report();
        assertEquals(new ValueIndexReader.Report(2, 2, 0, 0, 0, 0, 0, 100, 51, 1, 0, false), report);
    }

    @Test
    void atMostSoManyColumns() {
        ValueIndexReader.Read read = new ValueIndexReader(limits(100_000, 1, 5_000_000L))
                .readWithReport(c, schema, IdentifierStyle.H2);
        // tables by name, columns by position: CITY.NAME is read, CITY.COUNTRY is not
        assertEquals(List.of("Berlin"), read.index().match("berlin", 3).stream().map(ValueMatch::value).toList());
        assertTrue(read.index().match("germany", 3).isEmpty());
        assertEquals(1, read.report().skippedForColumns());
        assertEquals(49, read.report().values());
    }

    @Test
    void atMostSoManyRowsPerColumnAndInAll() {
        ValueIndexReader.Report perColumn = new ValueIndexReader(limits(10, 5_000, 5_000_000L))
                .readWithReport(c, schema, IdentifierStyle.H2).report();
        assertEquals(20, perColumn.cellsScanned(), "10 rows of each of the two columns");
        assertEquals(2, perColumn.columnsRead());

        ValueIndexReader.Report inAll = new ValueIndexReader(limits(100_000, 5_000, 30))
                .readWithReport(c, schema, IdentifierStyle.H2).report();
        assertEquals(30, inAll.cellsScanned(), "the first column gets the 30 rows there are");
        assertEquals(1, inAll.columnsRead());
        assertEquals(1, inAll.skippedForCells());
        assertTrue(inAll.values() == 29 || inAll.values() == 30, "values: " + inAll.values());
    }

    @Test
    void aSlowDatabaseOrABusyMachineGetsTheSameIndex() throws Exception {
        try (Statement s = c.createStatement()) {
            for (int t = 0; t < 6; t++) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE wide" + t + " (id INT PRIMARY KEY");
                for (int k = 0; k < 6; k++) {
                    ddl.append(", c").append(k).append(" VARCHAR(20)");
                }
                s.execute(ddl.append(')').toString());
                for (int r = 0; r < 5; r++) {
                    s.execute("INSERT INTO wide" + t + " VALUES (" + r + ", 'a" + t + r + "', 'b" + t + r + "', 'c"
                            + t + r + "', 'd" + t + r + "', 'e" + t + r + "', 'f" + t + r + "')");
                }
            }
        }
        DbSchema wide = new SchemaReader().read(c);
        ValueIndexReader reader = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT);
        ValueIndexReader.Read quick = reader.readWithReport(c, wide, IdentifierStyle.H2);
        assertEquals(38, quick.report().columnsRead());

        // every query answers 30 ms late: 38 columns take over a second, which a time budget would have cut short
        ValueIndexReader.Read slow = reader.readWithReport(SlowConnection.wrap(c, 30), wide, IdentifierStyle.H2);
        assertEquals(quick.report(), slow.report());
        assertEquals(quick.index().entries(), slow.index().entries());

        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
            });
            t.setDaemon(true);
            t.start();
            spinners.add(t);
        }
        try {
            ValueIndexReader.Read busy = reader.readWithReport(c, wide, IdentifierStyle.H2);
            assertEquals(quick.report(), busy.report());
            assertEquals(quick.index().entries(), busy.index().entries());
        } finally {
            stop.set(true);
        }
    }

    /** A connection whose queries answer late, as a database on a loaded machine does. */
    private static final class SlowConnection {
        static Connection wrap(Connection c, long delayMillis) {
            return proxy(Connection.class, c, (method, args) -> {
                Object result = method.invoke(c, args);
                if (result instanceof Statement st && method.getName().equals("createStatement")) {
                    return proxy(Statement.class, st, (m, a) -> {
                        if (m.getName().startsWith("execute")) {
                            Thread.sleep(delayMillis);
                        }
                        return m.invoke(st, a);
                    });
                }
                return result;
            });
        }

        interface Call {
            Object call(java.lang.reflect.Method method, Object[] args) throws Exception;
        }

        private static <T> T proxy(Class<T> type, T target, Call call) {
            return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (p, method, args) -> {
                        try {
                            return call.call(method, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        }
    }

    @Test
    void aFailingColumnIsSkippedAndTheCallersTransactionSurvives() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gone (id INT PRIMARY KEY, label VARCHAR(20))");
        }
        DbSchema withGone = new SchemaReader().read(c);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE gone"); // the schema read still names it: its query fails
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO city VALUES (101, 'Porto', 'Portugal', 1)");
        }
        ValueIndex index = new ValueIndexReader(ValueIndexReader.Limits.DEFAULT).read(c, withGone, IdentifierStyle.H2);
        assertTrue(index.match("porto", 3).stream().anyMatch(m -> m.value().equals("Porto")));
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO city VALUES (102, 'Faro', 'Portugal', 1)");
        }
        c.commit();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM city")) {
            rs.next();
            assertEquals(52, rs.getInt(1), "both inserts of the caller's transaction were committed");
        }
    }

    @Test
    void theCacheKeepsOneIndexPerSchemaVersion() throws Exception {
        ValueIndexCache cache = new ValueIndexCache(Duration.ofMinutes(1),
                new ValueIndexReader(ValueIndexReader.Limits.DEFAULT));
        SchemaSnapshot snapshot = new SchemaSnapshot(schema, IdentifierStyle.H2, SchemaFingerprint.of(schema));
        ValueIndex first = cache.get("db", snapshot, c);
        assertSame(first, cache.get("db", snapshot, c));
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE city ADD COLUMN region VARCHAR(20)");
        }
        DbSchema altered = new SchemaReader().read(c);
        ValueIndex second = cache.get("db", new SchemaSnapshot(altered, IdentifierStyle.H2,
                SchemaFingerprint.of(altered)), c);
        assertNotSame(first, second);
    }
}
