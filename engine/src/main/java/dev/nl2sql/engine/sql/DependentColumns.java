package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Columns outside GROUP BY that have one value per group, added to GROUP BY so that PostgreSQL, H2 and DuckDB run
 * the query that SQLite and MariaDB run as written ({@code SELECT T2.name, count(*) FROM concert AS T1 JOIN stadium AS
 * T2 ON T1.stadium_id = T2.stadium_id GROUP BY T1.stadium_id}). A column has one value per group when its table's
 * primary key has one: every key column is grouped, or equal to a grouped column by an inner join's ON condition or a
 * WHERE conjunct ({@code T1.stadium_id = T2.stadium_id}), or by a LEFT JOIN's ON from the kept side. Grouping by such a
 * column too splits no group, so the rows are the ones SQLite returns; any other bare column (a value of one row of
 * the group, which row unspecified) is left for the validator to refuse.
 */
final class DependentColumns {

    private final DbSchema schema;

    DependentColumns(DbSchema schema) {
        this.schema = schema;
    }

    /** Adds the dependent bare columns of every grouped SELECT in the tree to its GROUP BY. */
    void addToGroupBy(SqlNode node) {
        Selects.forEach(node, this::complete);
    }

    private void complete(SqlSelect select, SqlNodeList orderList) {
        SqlNodeList groupBy = select.getGroup();
        if (groupBy == null || groupBy.isEmpty() || select.getFrom() == null) {
            return;
        }
        Scope scope = new Scope();
        scope.from(select.getFrom());
        Set<Column> determined = new LinkedHashSet<>();
        for (SqlNode item : groupBy) {
            Column c = scope.resolve(item);
            if (c != null) {
                determined.add(c);
            }
        }
        if (determined.isEmpty()) {
            return;
        }
        if (select.getWhere() != null) {
            scope.equalities(select.getWhere());
        }
        closure(scope, determined);

        Set<String> selectAliases = new LinkedHashSet<>();
        List<SqlIdentifier> bare = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            SqlNode expr = item;
            if (item.getKind() == SqlKind.AS) {
                expr = ((SqlCall) item).operand(0);
                selectAliases.add(lower(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple()));
            }
            bareIdentifiers(expr, bare);
        }
        List<SqlIdentifier> later = new ArrayList<>();
        if (orderList != null) {
            orderList.forEach(item -> bareIdentifiers(item, later));
        }
        if (select.getHaving() != null) {
            bareIdentifiers(select.getHaving(), later);
        }
        for (SqlIdentifier id : later) {
            if (!(id.isSimple() && selectAliases.contains(lower(id.getSimple())))) {
                bare.add(id);
            }
        }
        Set<Column> grouped = new LinkedHashSet<>();
        for (SqlNode item : groupBy) {
            Column c = scope.resolve(item);
            if (c != null) {
                grouped.add(c);
            }
        }
        List<SqlNode> extra = new ArrayList<>();
        for (SqlIdentifier id : bare) {
            Column c = scope.resolve(id);
            if (c != null && determined.contains(c) && grouped.add(c)) {
                extra.add(id.clone(id.getParserPosition()));
            }
        }
        if (!extra.isEmpty()) {
            List<SqlNode> all = new ArrayList<>(groupBy.getList());
            all.addAll(extra);
            select.setGroupBy(new SqlNodeList(all, groupBy.getParserPosition()));
        }
    }

    /** Grows the determined set: equal columns, then whole tables whose primary key is determined, until stable. */
    private void closure(Scope scope, Set<Column> determined) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Equality e : scope.equalities) {
                if (determined.contains(e.from) && determined.add(e.to)) {
                    grew = true;
                }
            }
            for (Map.Entry<String, DbTable> source : scope.tables.entrySet()) {
                DbTable table = source.getValue();
                if (table.primaryKey().isEmpty()) {
                    continue;
                }
                boolean keyKnown = table.primaryKey().stream()
                        .allMatch(k -> determined.contains(new Column(source.getKey(), lower(k))));
                if (keyKnown) {
                    for (DbColumn c : table.columns()) {
                        if (determined.add(new Column(source.getKey(), lower(c.name())))) {
                            grew = true;
                        }
                    }
                }
            }
        }
    }

    /** Column identifiers outside aggregates, window calls and sub-queries. */
    private static void bareIdentifiers(SqlNode node, List<SqlIdentifier> out) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect || call.getKind() == SqlKind.SELECT || call.getKind() == SqlKind.OVER
                        || GroupByRelaxer.isAggregate(call)) {
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                if (!id.isStar()) {
                    out.add(id);
                }
                return null;
            }
        });
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** A column of one FROM item: its alias (or table name) and column name, lower case. */
    private record Column(String source, String name) {
    }

    /** {@code from} determines {@code to} (an inner join or a WHERE conjunct gives both directions). */
    private record Equality(Column from, Column to) {
    }

    /** The FROM items of one SELECT: base tables by alias, and the equalities its joins and WHERE imply. */
    private final class Scope {
        final Map<String, DbTable> tables = new LinkedHashMap<>();
        final Map<String, Boolean> sources = new HashMap<>();
        final List<Equality> equalities = new ArrayList<>();

        void from(SqlNode f) {
            if (f instanceof SqlJoin join) {
                from(join.getLeft());
                from(join.getRight());
                JoinType type = join.getJoinType();
                SqlNode on = join.getCondition();
                if (on != null && (type == JoinType.INNER || type == JoinType.COMMA || type == JoinType.CROSS)) {
                    equalities(on);
                } else if (on != null && type == JoinType.LEFT) {
                    directed(on, join.getRight()); // from the kept (left) side to the right
                } else if (on != null && type == JoinType.RIGHT) {
                    directed(on, join.getLeft());
                }
                return;
            }
            String alias = null;
            SqlNode source = f;
            if (f instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
                source = call.operand(0);
                if (call.operand(1) instanceof SqlIdentifier a) {
                    alias = a.getSimple();
                }
            }
            if (source instanceof SqlIdentifier id) {
                String name = id.names.get(id.names.size() - 1);
                String key = lower(alias != null ? alias : name);
                sources.put(key, Boolean.TRUE);
                schema.table(name).ifPresent(t -> tables.put(key, t));
            } else if (alias != null) {
                sources.put(lower(alias), Boolean.TRUE);
            }
        }

        /** Equalities of a condition's top-level AND conjuncts between two columns. */
        void equalities(SqlNode condition) {
            for (SqlNode conjunct : conjuncts(condition)) {
                if (conjunct.getKind() == SqlKind.EQUALS) {
                    Column a = resolve(((SqlCall) conjunct).operand(0));
                    Column b = resolve(((SqlCall) conjunct).operand(1));
                    if (a != null && b != null) {
                        equalities.add(new Equality(a, b));
                        equalities.add(new Equality(b, a));
                    }
                }
            }
        }

        /** A LEFT JOIN's ON: a kept-side column determines the equal column of the joined (nullable) side. */
        private void directed(SqlNode condition, SqlNode nullableSide) {
            Set<String> nullable = new LinkedHashSet<>();
            aliasesOf(nullableSide, nullable);
            for (SqlNode conjunct : conjuncts(condition)) {
                if (conjunct.getKind() == SqlKind.EQUALS) {
                    Column a = resolve(((SqlCall) conjunct).operand(0));
                    Column b = resolve(((SqlCall) conjunct).operand(1));
                    if (a != null && b != null && nullable.contains(a.source()) != nullable.contains(b.source())) {
                        equalities.add(nullable.contains(b.source()) ? new Equality(a, b) : new Equality(b, a));
                    }
                }
            }
        }

        private void aliasesOf(SqlNode f, Set<String> out) {
            if (f instanceof SqlJoin join) {
                aliasesOf(join.getLeft(), out);
                aliasesOf(join.getRight(), out);
            } else if (f instanceof SqlBasicCall call && call.getKind() == SqlKind.AS
                    && call.operand(1) instanceof SqlIdentifier a) {
                out.add(lower(a.getSimple()));
            } else if (f instanceof SqlIdentifier id) {
                out.add(lower(id.names.get(id.names.size() - 1)));
            }
        }

        private List<SqlNode> conjuncts(SqlNode condition) {
            List<SqlNode> out = new ArrayList<>();
            if (condition.getKind() == SqlKind.AND) {
                for (SqlNode op : ((SqlCall) condition).getOperandList()) {
                    out.addAll(conjuncts(op));
                }
            } else {
                out.add(condition);
            }
            return out;
        }

        /** The FROM column a plain column reference names, or null (an expression, an alias, an unknown name). */
        Column resolve(SqlNode node) {
            if (!(node instanceof SqlIdentifier id) || id.isStar()) {
                return null;
            }
            if (id.names.size() == 2) {
                String source = lower(id.names.get(0));
                DbTable table = tables.get(source);
                String column = lower(id.names.get(1));
                if (table != null) {
                    return table.columns().stream().anyMatch(c -> lower(c.name()).equals(column))
                            ? new Column(source, column) : null;
                }
                return sources.containsKey(source) ? new Column(source, column) : null;
            }
            if (id.names.size() == 1) {
                String column = lower(id.getSimple());
                Column found = null;
                for (Map.Entry<String, DbTable> t : tables.entrySet()) {
                    if (t.getValue().columns().stream().anyMatch(c -> lower(c.name()).equals(column))) {
                        if (found != null) {
                            return null; // ambiguous
                        }
                        found = new Column(t.getKey(), column);
                    }
                }
                // a derived table could also have it: only a name no other source can hold is resolved
                return found != null && sources.size() == tables.size() ? found : null;
            }
            return null;
        }
    }
}
