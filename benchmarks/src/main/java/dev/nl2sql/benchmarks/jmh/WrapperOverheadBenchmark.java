package dev.nl2sql.benchmarks.jmh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the wrapper on plain SQL: the same H2 in-memory workload through {@code jdbc:nl2sql:h2:...} and through
 * {@code jdbc:h2:...} directly, in one run. Target: wrapper/direct at most 1.02 in time per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class WrapperOverheadBenchmark {

    private static final int ROWS = 10_000;

    @Param({"direct", "nl2sql"})
    public String via;

    private Connection connection;
    private PreparedStatement pointQuery;
    private Statement scan;
    private int nextId;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        String database = "jdbc:h2:mem:bench" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        connection = DriverManager.getConnection(via.equals("nl2sql") ? "jdbc:nl2sql:" + database : database);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2), qty INT)");
            s.execute("INSERT INTO items SELECT x, 'item ' || x, x * 0.25, MOD(x, 17) FROM SYSTEM_RANGE(1, "
                    + ROWS + ")");
        }
        pointQuery = connection.prepareStatement("SELECT name, price FROM items WHERE id = ?");
        scan = connection.createStatement();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        connection.close();
    }

    /** A prepared point query by primary key, the shape of most OLTP reads. */
    @Benchmark
    public void preparedPointQuery(Blackhole bh) throws SQLException {
        nextId = nextId % ROWS + 1;
        pointQuery.setInt(1, nextId);
        try (ResultSet rs = pointQuery.executeQuery()) {
            rs.next();
            bh.consume(rs.getString(1));
            bh.consume(rs.getBigDecimal(2));
        }
    }

    /** A full scan of 10,000 rows, reading every column: the per-row cost of the result set wrapper. */
    @Benchmark
    public long scan10kRows(Blackhole bh) throws SQLException {
        long sum = 0;
        try (ResultSet rs = scan.executeQuery("SELECT id, name, price, qty FROM items")) {
            while (rs.next()) {
                sum += rs.getInt(1) + rs.getInt(4);
                bh.consume(rs.getString(2));
                bh.consume(rs.getBigDecimal(3));
            }
        }
        return sum;
    }
}
