package dev.nl2sql.engine.linking;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the distinct values of a schema's text columns into a {@link ValueIndex}, within bounds, so that a big
 * database costs a bounded read once per cache period rather than a scan:
 * <ul>
 *   <li>per column, one query over at most {@code rowsScanned} rows that returns at most {@code valuesPerColumn}
 *   distinct values: {@code SELECT DISTINCT c FROM (SELECT c FROM t WHERE c IS NOT NULL LIMIT rows) v LIMIT n}
 *   (an inner limit, because DISTINCT alone would read the whole table first), with a query timeout;</li>
 *   <li>values longer than {@code maxValueChars} are skipped (nobody types them into a question);</li>
 *   <li>at most {@code maxValues} values in all, and no new column once {@code timeBudget} has passed;</li>
 *   <li>tables only (a view may be an expensive query), text columns only (not CLOBs).</li>
 * </ul>
 * A column whose query fails is skipped; what was skipped is logged at INFO. Outside auto-commit each query runs under
 * a savepoint so that a failure cannot abort the caller's transaction (PostgreSQL); without savepoints no values are
 * read.
 */
public final class ValueIndexReader {

    private static final Logger log = LoggerFactory.getLogger(ValueIndexReader.class);

    /**
     * The bounds of one read.
     *
     * @param valuesPerColumn    most distinct values read from one column
     * @param rowsScanned        most rows of a table one column's query looks at
     * @param maxValueChars      longer values are skipped
     * @param maxValues          most values in the whole index
     * @param maxDeletionEntries most entries of the spelling-variant index (8 bytes each)
     * @param timeBudget         no column is started after this much time
     * @param queryTimeout       timeout of one column's query
     */
    public record Limits(int valuesPerColumn, int rowsScanned, int maxValueChars, int maxValues,
            int maxDeletionEntries, Duration timeBudget, Duration queryTimeout) {

        /** 1,000 values per column from at most 100,000 rows, 64 characters, 200,000 values, 5 s in all. */
        public static final Limits DEFAULT = new Limits(1_000, 100_000, 64, 200_000, 2_000_000,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    private final Limits limits;

    public ValueIndexReader(Limits limits) {
        this.limits = limits;
    }

    public ValueIndex read(Connection connection, DbSchema schema, IdentifierStyle style) {
        long started = System.nanoTime();
        long deadline = started + limits.timeBudget().toNanos();
        ValueIndex.Builder builder = new ValueIndex.Builder(limits.maxDeletionEntries());
        int textColumns = 0;
        int read = 0;
        int failed = 0;
        int skippedForTime = 0;
        int skippedForSize = 0;
        int longValues = 0;
        if (!savepointsOrAutoCommit(connection)) {
            log.info("No values indexed: the connection is in a transaction and has no savepoints");
            return builder.build();
        }
        for (DbTable table : schema.tables()) {
            if (table.kind() != DbTable.Kind.TABLE) {
                continue;
            }
            for (DbColumn column : table.columns()) {
                if (!column.isText() || column.type() == JDBCType.CLOB || column.type() == JDBCType.NCLOB) {
                    continue;
                }
                textColumns++;
                if (builder.valueCount() >= limits.maxValues()) {
                    skippedForSize++;
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    skippedForTime++;
                    continue;
                }
                int columnId = builder.column(table.name(), column.name());
                int result = readColumn(connection, style, table.name(), column.name(), builder, columnId);
                if (result < 0) {
                    failed++;
                } else {
                    read++;
                    longValues += result;
                }
            }
        }
        ValueIndex index = builder.build();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.info("Value index: {} values of {} of {} text columns in {} ms", index.size(), read, textColumns, millis);
        if (skippedForTime + skippedForSize + failed + longValues + builder.withoutVariants() > 0) {
            log.info("Value index bounds: {} columns skipped after the {} ms budget, {} after the {}-value cap, {} "
                    + "failed; {} values over {} characters left out; {} values without spelling variants (variant "
                    + "index full)", skippedForTime, limits.timeBudget().toMillis(), skippedForSize,
                    limits.maxValues(), failed, longValues, limits.maxValueChars(), builder.withoutVariants());
        }
        return index;
    }

    /** Reads one column; returns how many values were too long, or -1 if the query failed. */
    private int readColumn(Connection c, IdentifierStyle style, String table, String column, ValueIndex.Builder builder,
            int columnId) {
        String col = style.quoted(column);
        String sql = "SELECT DISTINCT " + col + " FROM (SELECT " + col + " FROM " + style.quoted(table) + " WHERE "
                + col + " IS NOT NULL LIMIT " + limits.rowsScanned() + ") v LIMIT " + limits.valuesPerColumn();
        Savepoint savepoint = null;
        try {
            if (!c.getAutoCommit()) {
                savepoint = c.setSavepoint();
            }
            int tooLong = 0;
            try (Statement st = c.createStatement()) {
                st.setMaxRows(limits.valuesPerColumn());
                try {
                    st.setQueryTimeout((int) Math.max(1, limits.queryTimeout().toSeconds()));
                } catch (SQLException e) {
                    log.debug("No query timeout: {}", e.getMessage());
                }
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next() && builder.valueCount() < limits.maxValues()) {
                        String v = rs.getString(1);
                        if (v == null) {
                            continue;
                        }
                        if (v.length() > limits.maxValueChars()) {
                            tooLong++;
                        } else {
                            builder.add(columnId, v);
                        }
                    }
                }
            }
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
            return tooLong;
        } catch (SQLException | RuntimeException e) {
            log.debug("Reading the values of {}.{} failed, skipped: {}", table, column, e.getMessage());
            if (savepoint != null) {
                try {
                    c.rollback(savepoint);
                } catch (SQLException re) {
                    log.debug("Rollback to savepoint failed: {}", re.getMessage());
                }
            }
            return -1;
        }
    }

    private static boolean savepointsOrAutoCommit(Connection c) {
        try {
            return c.getAutoCommit() || c.getMetaData().supportsSavepoints();
        } catch (SQLException e) {
            return false;
        }
    }
}
