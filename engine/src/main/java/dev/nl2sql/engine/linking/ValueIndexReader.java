package dev.nl2sql.engine.linking;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the distinct values of a schema's text columns into a {@link ValueIndex}, within bounds that are counts, not
 * time: which values are read depends on the schema and its data only, never on how busy the machine is, so the same
 * question gets the same values line under any load. A big database still costs a bounded read, once per cache period:
 * <ul>
 *   <li>per column, one query over at most {@code rowsPerColumn} rows that returns at most {@code valuesPerColumn}
 *   distinct values: {@code SELECT c, COUNT(*) FROM (SELECT c FROM t LIMIT rows) v GROUP BY c LIMIT n+1} (the inner
 *   limit bounds the scan even for a mostly NULL column; the counts say how many rows it looked at);</li>
 *   <li>at most {@code maxColumns} text columns and {@code maxCells} rows looked at in all, the columns in the schema's
 *   order (tables by name, columns by position): what does not fit is skipped, the same columns every time;</li>
 *   <li>values longer than {@code maxValueChars} are skipped (nobody types them into a question);</li>
 *   <li>at most {@code maxValues} values in all;</li>
 *   <li>tables only (a view may be an expensive query), text columns only (not CLOBs).</li>
 * </ul>
 * The defaults read every Spider database and a generated 1,000-table schema whole. Each query also has a generous
 * {@code queryTimeout}, a safety stop for a database that does not answer (a lock), not a budget: after a column's
 * query times out, no further column is read. A column whose query fails otherwise is skipped; what was skipped is
 * logged at INFO. Outside auto-commit each query runs under a savepoint so that a failure cannot abort the caller's
 * transaction (PostgreSQL); without savepoints no values are read.
 */
public final class ValueIndexReader {

    private static final Logger log = LoggerFactory.getLogger(ValueIndexReader.class);

    /** SQLStates of a statement cancelled by its timeout, for drivers that do not throw SQLTimeoutException. */
    private static final Set<String> TIMEOUT_STATES = Set.of("57014", "HYT00", "HYT01", "70100");

    /**
     * The bounds of one read.
     *
     * @param valuesPerColumn    most distinct values read from one column
     * @param rowsPerColumn      most rows of a table one column's query looks at
     * @param maxValueChars      longer values are skipped
     * @param maxValues          most values in the whole index
     * @param maxColumns         most text columns read
     * @param maxCells           most rows looked at by all the columns' queries together
     * @param maxDeletionEntries most entries of the spelling-variant index (8 bytes each)
     * @param queryTimeout       timeout of one column's query: a safety stop, not a budget
     */
    public record Limits(int valuesPerColumn, int rowsPerColumn, int maxValueChars, int maxValues, int maxColumns,
            long maxCells, int maxDeletionEntries, Duration queryTimeout) {

        /**
         * 5,000 values per column (Spider's largest text column, world_1's city names, has 4,001) from at most 100,000
         * rows, values of up to 64 characters, 200,000 values, 5,000 columns and 5,000,000 rows in all; 30 s per query.
         */
        public static final Limits DEFAULT = new Limits(5_000, 100_000, 64, 200_000, 5_000, 5_000_000L, 2_000_000,
                Duration.ofSeconds(30));
    }

    /**
     * What one read did, for the log and for measurements. Depends only on the schema, its data and the limits
     * (unless {@code timedOut}).
     */
    public record Report(int textColumns, int columnsRead, int columnsFailed, int skippedForColumns,
            int skippedForCells, int skippedForValues, int skippedAfterTimeout, long cellsScanned, int values,
            int longValues, int withoutVariants, boolean timedOut) {
    }

    /** An index and how it was read. */
    public record Read(ValueIndex index, Report report) {
    }

    private final Limits limits;

    public ValueIndexReader(Limits limits) {
        this.limits = limits;
    }

    public ValueIndex read(Connection connection, DbSchema schema, IdentifierStyle style) {
        return readWithReport(connection, schema, style).index();
    }

    public Read readWithReport(Connection connection, DbSchema schema, IdentifierStyle style) {
        long started = System.nanoTime();
        ValueIndex.Builder builder = new ValueIndex.Builder(limits.maxDeletionEntries());
        if (!savepointsOrAutoCommit(connection)) {
            log.info("No values indexed: the connection is in a transaction and has no savepoints");
            return new Read(builder.build(), new Report(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false));
        }
        Tally tally = new Tally();
        for (DbTable table : schema.tables()) {
            if (table.kind() != DbTable.Kind.TABLE) {
                continue;
            }
            for (DbColumn column : table.columns()) {
                if (column.isText() && column.type() != JDBCType.CLOB && column.type() != JDBCType.NCLOB) {
                    tally.textColumns++;
                    visit(connection, style, table.name(), column.name(), builder, tally);
                }
            }
        }
        ValueIndex index = builder.build();
        Report report = new Report(tally.textColumns, tally.read, tally.failed, tally.skippedForColumns,
                tally.skippedForCells, tally.skippedForValues, tally.skippedAfterTimeout, tally.cells, index.size(),
                tally.longValues, builder.withoutVariants(), tally.timedOut);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.info("Value index: {} values of {} of {} text columns ({} rows looked at) in {} ms", index.size(),
                tally.read, tally.textColumns, tally.cells, millis);
        if (tally.read < tally.textColumns || tally.longValues + builder.withoutVariants() > 0) {
            log.info("Value index bounds: {} columns skipped after the {}-column cap, {} after the {}-row cap, {} after"
                    + " the {}-value cap, {} failed, {} not read after a query timed out; {} values over {} characters "
                    + "left out; {} values without spelling variants (variant index full)", tally.skippedForColumns,
                    limits.maxColumns(), tally.skippedForCells, limits.maxCells(), tally.skippedForValues,
                    limits.maxValues(), tally.failed, tally.skippedAfterTimeout, tally.longValues,
                    limits.maxValueChars(), builder.withoutVariants());
        }
        return new Read(index, report);
    }

    /** Reads one column, or counts why it was skipped. */
    private void visit(Connection c, IdentifierStyle style, String table, String column, ValueIndex.Builder builder,
            Tally tally) {
        if (tally.timedOut) {
            tally.skippedAfterTimeout++;
        } else if (tally.read + tally.failed >= limits.maxColumns()) {
            tally.skippedForColumns++;
        } else if (tally.cells >= limits.maxCells()) {
            tally.skippedForCells++;
        } else if (builder.valueCount() >= limits.maxValues()) {
            tally.skippedForValues++;
        } else {
            int rows = (int) Math.min(limits.rowsPerColumn(), limits.maxCells() - tally.cells);
            readColumn(c, style, table, column, rows, builder, tally);
        }
    }

    private void readColumn(Connection c, IdentifierStyle style, String table, String column, int rows,
            ValueIndex.Builder builder, Tally tally) {
        String col = style.quoted(column);
        int perColumn = limits.valuesPerColumn();
        String sql = "SELECT " + col + ", COUNT(*) FROM (SELECT " + col + " FROM " + style.quoted(table) + " LIMIT "
                + rows + ") v GROUP BY " + col + " LIMIT " + (perColumn + 1);
        int columnId = builder.column(table, column);
        Savepoint savepoint = null;
        try {
            if (!c.getAutoCommit()) {
                savepoint = c.setSavepoint();
            }
            long looked = 0;
            int groups = 0;
            int tooLong = 0;
            try (Statement st = c.createStatement()) {
                st.setMaxRows(perColumn + 1);
                try {
                    st.setQueryTimeout((int) Math.max(1, limits.queryTimeout().toSeconds()));
                } catch (SQLException e) {
                    log.debug("No query timeout: {}", e.getMessage());
                }
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (groups < perColumn && rs.next()) {
                        groups++;
                        looked += rs.getLong(2);
                        String v = rs.getString(1);
                        if (v == null || builder.valueCount() >= limits.maxValues()) {
                            continue;
                        }
                        if (v.length() > limits.maxValueChars()) {
                            tooLong++;
                        } else {
                            builder.add(columnId, v);
                        }
                    }
                    if (groups == perColumn && rs.next()) {
                        looked = rows; // more groups than read: the counts of the rest are unknown, so charge them all
                    }
                }
            }
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
            tally.read++;
            tally.cells += looked;
            tally.longValues += tooLong;
        } catch (SQLException | RuntimeException e) {
            log.debug("Reading the values of {}.{} failed, skipped: {}", table, column, e.getMessage());
            tally.failed++;
            tally.timedOut |= e instanceof SQLTimeoutException || e instanceof SQLException s
                    && s.getSQLState() != null && TIMEOUT_STATES.contains(s.getSQLState());
            if (savepoint != null) {
                try {
                    c.rollback(savepoint);
                } catch (SQLException re) {
                    log.debug("Rollback to savepoint failed: {}", re.getMessage());
                }
            }
        }
    }

    private static boolean savepointsOrAutoCommit(Connection c) {
        try {
            return c.getAutoCommit() || c.getMetaData().supportsSavepoints();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Counts of one read. */
    private static final class Tally {
        int textColumns;
        int read;
        int failed;
        int skippedForColumns;
        int skippedForCells;
        int skippedForValues;
        int skippedAfterTimeout;
        long cells;
        int longValues;
        boolean timedOut;
    }
}
