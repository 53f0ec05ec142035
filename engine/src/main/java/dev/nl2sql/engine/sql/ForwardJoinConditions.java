package dev.nl2sql.engine.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * SQLite runs an inner join whose ON names a table joined later ({@code a AS t1 JOIN b AS t2 ON t1.x = t3.x JOIN c AS
 * t3 ON ...}, Spider dev 38): it reads the ON conditions of inner joins as conditions on the whole join. Calcite (and
 * PostgreSQL, MariaDB, H2) refuse the name. This moves such a condition (one conjunct of the ON, every column in it
 * qualified, no sub-query) to the first later ON where all the tables it names are joined. Only in a chain of inner
 * joins, with no outer, NATURAL or USING join anywhere in it: there every ON condition filters the same product, so
 * the move keeps the meaning. Anything else is left as written (and refused with the unknown name).
 *
 * <p>The moved reading is SQLite's (a name in ON is looked up in the whole FROM list of its SELECT before the
 * enclosing query). PostgreSQL and MySQL refuse such a name, or (MySQL, inside a sub-query whose enclosing query has a
 * table of that name) read it as the enclosing query's table, which a move would change: for them a condition moves
 * only when every name it moves for is declared once in the whole query, so that no other reading exists.
 */
final class ForwardJoinConditions {

    private ForwardJoinConditions() {
    }

    /** SQLite's reading, for SQLite targets. */
    static void move(SqlNode node) {
        move(node, null);
    }

    /** For other targets: only names that no other FROM of the query declares. */
    static void moveUnambiguous(SqlNode node) {
        Map<String, Integer> declared = new HashMap<>();
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    List<SqlNode> sources = new ArrayList<>();
                    flatten(select.getFrom(), sources);
                    for (SqlNode source : sources) {
                        Set<String> name = new HashSet<>();
                        if (addName(source, name)) {
                            name.forEach(n -> declared.merge(n, 1, Integer::sum));
                        }
                    }
                }
                return super.visit(call);
            }
        });
        move(node, declared);
    }

    private static void move(SqlNode node, Map<String, Integer> declared) {
        if (node == null) {
            return;
        }
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() instanceof SqlJoin) {
                    repair(select, declared);
                }
                return super.visit(call);
            }
        });
    }

    private static void flatten(SqlNode from, List<SqlNode> out) {
        if (from instanceof SqlJoin join) {
            flatten(join.getLeft(), out);
            flatten(join.getRight(), out);
        } else {
            out.add(from);
        }
    }

    private static void repair(SqlSelect select, Map<String, Integer> declared) {
        List<SqlJoin> joins = new ArrayList<>(); // first join first
        SqlNode first = select.getFrom();
        while (first instanceof SqlJoin join) {
            joins.add(0, join);
            first = join.getLeft();
        }
        List<Set<String>> scopes = new ArrayList<>(); // the names in scope at each join's ON
        Set<String> scope = new HashSet<>();
        if (!addName(first, scope)) {
            return;
        }
        for (SqlJoin join : joins) {
            if (join.isNatural() || !(join.getJoinType() == JoinType.INNER || join.getJoinType() == JoinType.CROSS
                    || join.getJoinType() == JoinType.COMMA)
                    || join.getConditionType() == JoinConditionType.USING || !addName(join.getRight(), scope)) {
                return; // an outer, NATURAL or USING join, or a source without a plain name: leave it
            }
            scopes.add(Set.copyOf(scope));
        }
        List<List<SqlNode>> moved = new ArrayList<>();
        joins.forEach(j -> moved.add(new ArrayList<>()));
        boolean changed = false;
        for (int k = 0; k < joins.size(); k++) {
            SqlJoin join = joins.get(k);
            if (!hasOn(join)) {
                continue;
            }
            List<SqlNode> keep = new ArrayList<>();
            conjuncts(join.getCondition(), keep);
            keep.addAll(moved.get(k));
            List<SqlNode> stay = new ArrayList<>();
            Set<String> here = scopes.get(k);
            for (SqlNode c : keep) {
                Set<String> names = qualifiers(c);
                int target = -1;
                if (names != null && !scopes.get(k).containsAll(names) && scope.containsAll(names)
                        && (declared == null || names.stream().filter(n -> !here.contains(n))
                                .allMatch(n -> declared.getOrDefault(n, 0) == 1))) {
                    for (int m = k + 1; m < joins.size(); m++) {
                        if (hasOn(joins.get(m)) && scopes.get(m).containsAll(names)) {
                            target = m;
                            break;
                        }
                    }
                }
                if (target < 0) {
                    stay.add(c);
                } else {
                    moved.get(target).add(c);
                    changed = true;
                }
            }
            if (changed) {
                join.setOperand(5, and(stay, join));
            }
        }
    }

    private static boolean hasOn(SqlJoin join) {
        return join.getJoinType() == JoinType.INNER && join.getConditionType() == JoinConditionType.ON
                && join.getCondition() != null;
    }

    private static SqlNode and(List<SqlNode> conjuncts, SqlJoin join) {
        if (conjuncts.isEmpty()) {
            return SqlLiteral.createBoolean(true, join.getParserPosition());
        }
        SqlNode out = conjuncts.get(0);
        for (int i = 1; i < conjuncts.size(); i++) {
            out = SqlStdOperatorTable.AND.createCall(out.getParserPosition(), out, conjuncts.get(i));
        }
        return out;
    }

    private static void conjuncts(SqlNode condition, List<SqlNode> out) {
        if (condition.getKind() == SqlKind.AND) {
            for (SqlNode op : ((SqlCall) condition).getOperandList()) {
                conjuncts(op, out);
            }
        } else {
            out.add(condition);
        }
    }

    /** The table names (lower case) a condition's columns are qualified with, or null if one is unqualified or it
     * holds a sub-query. */
    private static Set<String> qualifiers(SqlNode condition) {
        Set<String> out = new HashSet<>();
        boolean[] bad = {false};
        condition.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect || call.getKind() == SqlKind.SELECT) {
                    bad[0] = true;
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                if (id.names.size() < 2 || id.isStar()) {
                    bad[0] = true;
                } else {
                    out.add(id.names.get(id.names.size() - 2).toLowerCase(Locale.ROOT));
                }
                return null;
            }
        });
        return bad[0] ? null : out;
    }

    /** Adds the name a FROM source is known by; false for a source without a plain name. */
    private static boolean addName(SqlNode source, Set<String> scope) {
        if (source instanceof SqlIdentifier id) {
            return scope.add(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT));
        }
        if (source.getKind() == SqlKind.AS && ((SqlCall) source).operand(1) instanceof SqlIdentifier alias) {
            return scope.add(alias.getSimple().toLowerCase(Locale.ROOT));
        }
        return false;
    }
}
