package dev.nl2sql.engine.sql;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** The SELECTs of a tree, each once, with the ORDER BY that sorts it (an enclosing SqlOrderBy's, or its own). */
final class Selects {

    private Selects() {
    }

    /** Calls {@code action} for each SELECT, outer before inner; the order list may be null. */
    static void forEach(SqlNode root, BiConsumer<SqlSelect, SqlNodeList> action) {
        Map<SqlSelect, SqlNodeList> selects = new IdentityHashMap<>();
        List<SqlSelect> order = new ArrayList<>();
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select
                        && !selects.containsKey(select)) {
                    selects.put(select, orderBy.orderList);
                    order.add(select);
                } else if (call instanceof SqlSelect select && !selects.containsKey(select)) {
                    selects.put(select, select.getOrderList());
                    order.add(select);
                }
                return super.visit(call);
            }
        });
        order.forEach(select -> action.accept(select, selects.get(select)));
    }
}
