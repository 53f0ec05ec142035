package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbSchema;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * SQLite (and MariaDB) let WHERE and HAVING name a select-list alias ({@code COUNT(x) AS n ... HAVING n > 2}) when no
 * column of the FROM tables has that name; PostgreSQL, H2 and DuckDB refuse it ("column n does not exist"). For them
 * the alias is replaced by a copy of its expression, which is what SQLite reads. A name that is also a column, or a
 * SELECT that reads a derived table or a WITH name (whose columns are not known here), is left as written.
 */
final class SelectAliasReferences {

    private final DbSchema schema;

    SelectAliasReferences(DbSchema schema) {
        this.schema = schema;
    }

    void expand(SqlNode node) {
        Set<String> withNames = QueryTables.withNames(node);
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    expandIn(select, withNames);
                }
                return super.visit(call);
            }
        });
    }

    private void expandIn(SqlSelect select, Set<String> withNames) {
        Map<String, SqlNode> aliases = new HashMap<>();
        for (SqlNode item : select.getSelectList()) {
            if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier alias) {
                aliases.putIfAbsent(lower(alias.getSimple()), ((SqlCall) item).operand(0));
            }
        }
        if (aliases.isEmpty() || (select.getWhere() == null && select.getHaving() == null)) {
            return;
        }
        Optional<Set<String>> columns = QueryTables.of(select, schema, withNames).columnNames();
        if (columns.isEmpty()) {
            return;
        }
        aliases.keySet().removeAll(columns.get());
        if (aliases.isEmpty()) {
            return;
        }
        SqlShuttle replace = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                SqlNode expr = id.isSimple() ? aliases.get(lower(id.getSimple())) : null;
                return expr == null ? id : copy(expr);
            }

            @Override
            public SqlNode visit(SqlCall call) {
                return call instanceof SqlSelect ? call : super.visit(call); // a sub-query has its own names
            }
        };
        if (select.getWhere() != null) {
            select.setWhere(select.getWhere().accept(replace));
        }
        if (select.getHaving() != null) {
            select.setHaving(select.getHaving().accept(replace));
        }
    }

    private static SqlNode copy(SqlNode expr) {
        return expr.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.clone(id.getParserPosition());
            }

            @Override
            public SqlNode visit(SqlNodeList list) {
                return SqlNodeList.of(list.getParserPosition(), list.getList().stream()
                        .map(n -> n == null ? null : n.accept(this)).toList());
            }
        });
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
