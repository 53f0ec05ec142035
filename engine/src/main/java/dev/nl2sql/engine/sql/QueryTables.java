package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The schema tables one SELECT reads in its FROM clause, by the name the query uses for each (alias or table name),
 * so that the rendering rules can ask for a column's nullability or a table's primary key. A name that a WITH clause
 * declares is no schema table and is left out.
 */
final class QueryTables {

    /** A table the SELECT reads and the name (alias or table name) it reads it under. */
    record Read(String name, DbTable table) {
    }

    private final Map<String, DbTable> byName = new LinkedHashMap<>();
    private final boolean onlySchemaTables;
    /** An outer join can make any column NULL. */
    private boolean outerJoin;
    /** Select-list aliases (lower case): a bare name in ORDER BY may mean one of them. */
    private final Set<String> aliases = new HashSet<>();

    private int sources;

    private QueryTables(boolean onlySchemaTables) {
        this.onlySchemaTables = onlySchemaTables;
    }

    /** Names declared by WITH anywhere in the tree (lower case): they shadow schema tables. */
    static Set<String> withNames(SqlNode root) {
        Set<String> names = new HashSet<>();
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlWithItem item) {
                    names.add(lower(item.name.getSimple()));
                }
                return super.visit(call);
            }
        });
        return names;
    }

    static QueryTables of(SqlSelect select, DbSchema schema, Set<String> withNames) {
        List<SqlNode> sources = new ArrayList<>();
        flatten(select.getFrom(), sources);
        QueryTables out = new QueryTables(sources.stream().allMatch(s -> table(s) != null));
        out.outerJoin = outerJoin(select.getFrom());
        out.sources = sources.size();
        for (SqlNode item : select.getSelectList()) {
            if (item instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operand(1) instanceof SqlIdentifier a) {
                out.aliases.add(lower(a.getSimple()));
            }
        }
        for (SqlNode source : sources) {
            SqlIdentifier id = table(source);
            if (id == null || withNames.contains(lower(last(id)))) {
                continue;
            }
            Optional<DbTable> table = schema.table(last(id));
            if (table.isPresent()) {
                String name = source instanceof SqlBasicCall as && as.operand(1) instanceof SqlIdentifier alias
                        ? alias.getSimple() : last(id);
                out.byName.put(lower(name), table.get());
            }
        }
        return out;
    }

    /** How many tables and subqueries the FROM clause reads. */
    int sources() {
        return sources;
    }

    /** The one table read, if the FROM clause is exactly one schema table (aliased or not). */
    Optional<Read> single() {
        if (!onlySchemaTables || byName.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, DbTable> e = byName.entrySet().iterator().next();
        return Optional.of(new Read(e.getKey(), e.getValue()));
    }

    /**
     * The column names (lower case) of every table read, when the FROM clause reads schema tables only, each under
     * its own name; empty when a sub-query, a WITH name or a repeated name hides what a bare name may mean.
     */
    Optional<Set<String>> columnNames() {
        if (!onlySchemaTables || byName.size() != sources) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        byName.values().forEach(t -> t.columns().forEach(c -> names.add(lower(c.name()))));
        return Optional.of(names);
    }

    /** The column an identifier names, when it names exactly one column of these tables. */
    Optional<DbColumn> column(SqlIdentifier id) {
        return tableOf(id).flatMap(r -> r.table().column(last(id)));
    }

    /** The table whose column the identifier names, when it names exactly one column of these tables. */
    Optional<Read> tableOf(SqlIdentifier id) {
        if (id.isStar() || id.names.size() > 2) {
            return Optional.empty();
        }
        List<Read> found = new ArrayList<>();
        byName.forEach((name, t) -> {
            if ((id.names.size() == 1 || lower(id.names.get(0)).equals(name)) && t.column(last(id)).isPresent()) {
                found.add(new Read(name, t));
            }
        });
        return found.size() == 1 && (onlySchemaTables || id.names.size() == 2) ? Optional.of(found.get(0))
                : Optional.empty();
    }

    /** Whether the identifier names a column that cannot be NULL here (declared NOT NULL, no outer join). */
    boolean notNull(SqlIdentifier id) {
        if (outerJoin || id.isSimple() && aliases.contains(lower(id.getSimple()))) {
            return false;
        }
        return column(id).map(c -> !c.nullable()).orElse(false);
    }

    private static boolean outerJoin(SqlNode from) {
        if (from instanceof SqlJoin join) {
            JoinType type = join.getJoinType();
            return type != JoinType.INNER && type != JoinType.CROSS && type != JoinType.COMMA
                    || outerJoin(join.getLeft()) || outerJoin(join.getRight());
        }
        return false;
    }

    private static void flatten(SqlNode from, List<SqlNode> out) {
        if (from instanceof SqlJoin join) {
            flatten(join.getLeft(), out);
            flatten(join.getRight(), out);
        } else if (from != null) {
            out.add(from);
        }
    }

    /** The table identifier of a FROM item ({@code t} or {@code t AS a}), or null for a subquery or function. */
    private static SqlIdentifier table(SqlNode source) {
        if (source instanceof SqlIdentifier id) {
            return id;
        }
        if (source instanceof SqlBasicCall call && call.getKind() == SqlKind.AS
                && call.operand(0) instanceof SqlIdentifier id && call.operandCount() == 2) {
            return id;
        }
        return null;
    }

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
