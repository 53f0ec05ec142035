package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * SQLite's rule for a bare column beside exactly one min() or max() aggregate: its value comes from the row that holds
 * the minimum or maximum ({@code SELECT max(capacity), average FROM stadium} is the average of the largest stadium;
 * documented in SQLite's "SELECT" page, "bare columns in an aggregate query"). PostgreSQL refuses the bare column; the
 * rendering picks the same row's value with {@code (ARRAY_AGG(col ORDER BY x DESC NULLS LAST))[1]} (ASC for min), an
 * aggregate, so every group keeps its own. Only a single bare column is rewritten (two separate pickers could take
 * their values from two different rows that tie); the validated tree groups it instead, so names are still checked.
 */
final class MinMaxRowColumns {

    /** Writes its operand in parentheses: PostgreSQL subscripts a function call only as {@code (f(x))[1]}. */
    private static final SqlSpecialOperator PARENTHESES = new SqlSpecialOperator("PARENTHESES", SqlKind.OTHER, 0) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            call.operand(0).unparse(writer, 0, 0); // the lowest precedence: the caller's context adds the parentheses
        }
    };

    private MinMaxRowColumns() {
    }

    /** On the tree that is only validated: the bare column is grouped, so the validator checks its name. */
    static void relax(SqlNode root) {
        each(root, (select, extreme, bare) -> {
            List<SqlNode> group = select.getGroup() == null ? new ArrayList<>() : new ArrayList<>(
                    select.getGroup().getList());
            group.add(bare.clone(bare.getParserPosition()));
            select.setGroupBy(new SqlNodeList(group, SqlParserPos.ZERO));
        });
    }

    /** On the render tree: the bare column is taken from the row that holds the minimum or maximum. */
    static void pick(SqlNode root) {
        each(root, (select, extreme, bare) -> {
            SqlNode picker = picker(bare, extreme.operand(0),
                    extreme.getOperator().getName().equalsIgnoreCase("MAX"));
            replace(select, bare, picker);
        });
    }

    /**
     * MariaDB (10.5 or later) runs the bare column as written but takes its value from any row of the group: the
     * value is picked as {@code JSON_VALUE(JSON_ARRAYAGG(col ORDER BY x DESC), '$[0]')} and cast back to the
     * column's type (a JSON null is SQL NULL). Only for a column of a schema table whose type survives JSON and the
     * cast exactly enough (integers, doubles, text); anything else is left as written. MySQL has no ORDER BY in
     * JSON_ARRAYAGG.
     */
    static void pickOnMariadb(SqlNode root, DbSchema schema) {
        Set<String> withNames = QueryTables.withNames(root);
        each(root, (select, extreme, bare) -> {
            String cast = castFor(QueryTables.of(select, schema, withNames).column(bare).orElse(null));
            if (cast == null) {
                return;
            }
            boolean max = extreme.getOperator().getName().equalsIgnoreCase("MAX");
            SqlNode picker = new MariadbPicker(max, cast).createCall(SqlParserPos.ZERO,
                    bare.clone(bare.getParserPosition()), copy(extreme.operand(0)));
            replace(select, bare, picker);
        });
    }

    private static void replace(SqlSelect select, SqlIdentifier bare, SqlNode picker) {
        select.setSelectList((SqlNodeList) select.getSelectList().accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id == bare ? picker : id;
            }
        }));
    }

    /** MariaDB's CAST target that gives the column's value back from JSON text; null where none is exact enough. */
    private static String castFor(DbColumn column) {
        if (column == null) {
            return null;
        }
        return switch (column.type()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> "SIGNED";
            case DOUBLE, FLOAT, REAL -> "DOUBLE";
            case CHAR, VARCHAR, LONGVARCHAR, NCHAR, NVARCHAR, LONGNVARCHAR, CLOB, NCLOB -> "";
            default -> null;
        };
    }

    /** {@code CAST(JSON_VALUE(JSON_ARRAYAGG(value ORDER BY key DESC), '$[0]') AS type)}; ASC, NULLs last, for min. */
    private static final class MariadbPicker extends SqlSpecialOperator {
        private final boolean max;
        private final String cast;

        MariadbPicker(boolean max, String cast) {
            super("NL2SQL_ROW_PICKER", SqlKind.OTHER_FUNCTION, 100);
            this.max = max;
            this.cast = cast;
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            if (!cast.isEmpty()) {
                writer.print("CAST(");
            }
            writer.print("JSON_VALUE(JSON_ARRAYAGG(");
            call.operand(0).unparse(writer, 0, 0);
            writer.print(" ORDER BY ");
            if (!max) {
                call.operand(1).unparse(writer, 0, 0);
                writer.print(" IS NULL, ");
            }
            call.operand(1).unparse(writer, 0, 0);
            writer.print(max ? " DESC" : " ASC");
            writer.print("), '$[0]')");
            if (!cast.isEmpty()) {
                writer.print(" AS " + cast + ")");
            }
        }
    }

    private interface Rewrite {
        void apply(SqlSelect select, SqlCall extreme, SqlIdentifier bare);
    }

    private static void each(SqlNode root, Rewrite rewrite) {
        Selects.forEach(root, (select, order) -> candidate(select, order, rewrite));
    }

    private static void candidate(SqlSelect select, SqlNodeList outerOrder, Rewrite rewrite) {
        List<SqlCall> aggregates = new ArrayList<>();
        List<SqlIdentifier> bare = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            SqlNode expr = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            walk(expr, aggregates, bare);
        }
        if (select.getHaving() != null) {
            walk(select.getHaving(), aggregates, new ArrayList<>());
        }
        if (outerOrder != null) {
            outerOrder.forEach(o -> walk(o, aggregates, new ArrayList<>()));
        }
        List<SqlCall> extremes = aggregates.stream().filter(MinMaxRowColumns::isMinOrMax).toList();
        if (extremes.size() != 1 || extremes.get(0).operandCount() != 1
                || extremes.get(0).getFunctionQuantifier() != null) {
            return;
        }
        List<SqlIdentifier> ungrouped = bare.stream().filter(id -> !grouped(select, id)).toList();
        if (ungrouped.size() == 1) {
            rewrite.apply(select, extremes.get(0), ungrouped.get(0));
        }
    }

    private static void walk(SqlNode node, List<SqlCall> aggregates, List<SqlIdentifier> bare) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect || call.getKind() == SqlKind.OVER) {
                    return null;
                }
                if (GroupByRelaxer.isAggregate(call)) {
                    aggregates.add(call);
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                if (!id.isStar()) {
                    bare.add(id);
                }
                return null;
            }
        });
    }

    private static boolean isMinOrMax(SqlCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return name.equals("MIN") || name.equals("MAX");
    }

    private static boolean grouped(SqlSelect select, SqlIdentifier id) {
        if (select.getGroup() == null) {
            return false;
        }
        String last = id.names.get(id.names.size() - 1);
        for (SqlNode g : select.getGroup()) {
            if (g instanceof SqlIdentifier gid && gid.names.get(gid.names.size() - 1).equalsIgnoreCase(last)
                    && (gid.names.size() == 1 || id.names.size() == 1
                            || gid.names.get(0).equalsIgnoreCase(id.names.get(0)))) {
                return true;
            }
        }
        return false;
    }

    /** {@code (ARRAY_AGG(value ORDER BY key DESC NULLS LAST))[1]}, ASC NULLS LAST for min. */
    private static SqlNode picker(SqlIdentifier value, SqlNode key, boolean max) {
        SqlNode template;
        try {
            template = SqlParser.create("ARRAY_AGG(v__ ORDER BY k__ " + (max ? "DESC" : "ASC")
                    + " NULLS LAST)").parseExpression();
        } catch (SqlParseException e) {
            throw new IllegalStateException("the picker template parses", e);
        }
        SqlNode filled = template.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                String name = id.getSimple();
                return name.equalsIgnoreCase("v__") ? value.clone(value.getParserPosition())
                        : name.equalsIgnoreCase("k__") ? copy(key) : id;
            }
        });
        return SqlStdOperatorTable.ITEM.createCall(SqlParserPos.ZERO,
                PARENTHESES.createCall(SqlParserPos.ZERO, filled),
                SqlLiteral.createExactNumeric("1", SqlParserPos.ZERO));
    }

    private static SqlNode copy(SqlNode expr) {
        return expr.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.clone(id.getParserPosition());
            }
        });
    }
}
