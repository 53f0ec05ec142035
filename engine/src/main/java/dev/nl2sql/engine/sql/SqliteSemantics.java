package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbSchema;
import org.apache.calcite.sql.SqlNode;

/**
 * Where a server would answer SQL written for SQLite (as Spider-trained models write it) differently from SQLite
 * although the meaning can be kept, the rendering keeps SQLite's: each rule is its own class, applied here to the
 * render tree (after validation, before names are rewritten) for the targets it concerns.
 */
final class SqliteSemantics {

    private SqliteSemantics() {
    }

    static SqlNode keep(SqlNode render, DbSchema schema, TargetDialect target) {
        if (target != TargetDialect.POSTGRESQL && target != TargetDialect.MARIADB) {
            return render;
        }
        DerivedTableAliases.add(render);
        SqlNode out = SqliteTieOrder.apply(render, schema);
        if (target == TargetDialect.POSTGRESQL) {
            out = SqliteNullOrder.apply(out, schema);
        }
        SqliteLike.apply(out);
        if (target == TargetDialect.MARIADB) {
            DoubleAverage.apply(out);
        }
        return out;
    }
}
