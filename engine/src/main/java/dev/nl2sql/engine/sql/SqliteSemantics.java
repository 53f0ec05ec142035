package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbSchema;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlNode;

/**
 * SQL as SQLite reads it (Spider-trained models write SQLite-flavoured SQL), on every target: where a database would
 * refuse such a query, or answer it differently although the meaning can be kept, the rendering writes SQLite's
 * meaning out (issue 18). Each rule is its own class; this one says where in the check each applies, and for which
 * targets:
 * <ol>
 *   <li>{@link #text}: quoting, before parsing;</li>
 *   <li>{@link #beforeValidation}: what the validator would refuse although SQLite runs it (on the validated tree
 *   only a relaxation, so that names are still checked; on the render tree the repair itself);</li>
 *   <li>{@link #beforeNames}: the render tree's rewrites that read names as the model wrote them;</li>
 *   <li>{@link #afterNames}: those that read names as stored (types of columns).</li>
 * </ol>
 */
final class SqliteSemantics {

    private final DbSchema schema;
    private final TargetDialect target;
    private final DependentColumns dependentColumns;
    private final SelectAliasReferences selectAliases;

    SqliteSemantics(DbSchema schema, TargetDialect target) {
        this.schema = schema;
        this.target = target;
        this.dependentColumns = new DependentColumns(schema);
        this.selectAliases = new SelectAliasReferences(schema);
    }

    /**
     * Backticks, {@code FROM 'table'} (and {@code [name]} on SQLite) are names; on MariaDB a double-quoted text is a
     * name where it names one, else a string.
     */
    String text(String sql, Predicate<String> isTable, Predicate<String> isTableOrColumn) {
        String text = target == TargetDialect.SQLITE ? StatementText.normaliseSqliteQuoting(sql, isTable)
                : StatementText.normaliseNameQuoting(sql, isTable, target.style().quote(), false);
        return target == TargetDialect.MARIADB ? StatementText.normaliseMariadbQuoting(text, isTableOrColumn) : text;
    }

    void beforeValidation(SqlNode toValidate, SqlNode toRender) {
        if (target == TargetDialect.SQLITE) {
            ForwardJoinConditions.move(toValidate);
            ForwardJoinConditions.move(toRender);
        } else {
            ForwardJoinConditions.moveUnambiguous(toValidate);
            ForwardJoinConditions.moveUnambiguous(toRender);
        }
        if (target == TargetDialect.SQLITE || target == TargetDialect.MARIADB) {
            GroupByRelaxer.relax(toValidate); // both run bare columns as written
        } else {
            dependentColumns.addToGroupBy(toValidate);
        }
        if (pickMinMaxRowsAsArrays()) {
            MinMaxRowColumns.relax(toValidate);
        }
    }

    SqlNode beforeNames(SqlNode render) {
        SqlNode out = render;
        if (target == TargetDialect.POSTGRESQL || target == TargetDialect.MARIADB) {
            DerivedTableAliases.add(out);
            out = SqliteTieOrder.apply(out, schema); // from the GROUP BY as written: before dependent columns join it
            if (target == TargetDialect.POSTGRESQL) {
                out = SqliteNullOrder.apply(out, schema);
            }
            SqliteLike.apply(out);
            if (target == TargetDialect.MARIADB) {
                DoubleAverage.apply(out);
            }
        }
        if (pickMinMaxRowsAsArrays()) {
            MinMaxRowColumns.pick(out);
        } else if (target == TargetDialect.MARIADB) {
            MinMaxRowColumns.pickOnMariadb(out, schema);
        }
        if (target != TargetDialect.SQLITE) {
            // PostgreSQL, H2 and DuckDB refuse them ungrouped; MariaDB's HAVING reads only grouped or selected columns
            dependentColumns.addToGroupBy(out);
        }
        if (target == TargetDialect.POSTGRESQL || target == TargetDialect.H2 || target == TargetDialect.DUCKDB) {
            selectAliases.expand(out);
        }
        return out;
    }

    /** {@code sql}: the text the render tree was parsed from (a literal's kind is read from its source). */
    SqlNode afterNames(SqlNode render, String sql) {
        if (target == TargetDialect.MARIADB) {
            LimitedInSubqueries.wrap(render);
        }
        // PostgreSQL refuses text = integer and avg(text) where SQLite converts; MariaDB compares text with a number
        // literal as numbers where SQLite compares text
        return target == TargetDialect.POSTGRESQL || target == TargetDialect.MARIADB
                ? SqliteAffinity.apply(render, schema, sql, target) : render;
    }

    private boolean pickMinMaxRowsAsArrays() {
        return target == TargetDialect.POSTGRESQL || target == TargetDialect.H2;
    }
}
