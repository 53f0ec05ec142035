package dev.nl2sql.driver;

import java.sql.SQLException;
import java.util.List;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * The disconnected, empty row set that the driver's own commands (NL LIST:, NL CONVERSATION:, ...) fill and return:
 * their columns named and typed. The JDK's row set puts each inserted row before the others, so callers insert the
 * last row first.
 */
final class CommandRows {

    private CommandRows() {
    }

    static CachedRowSet empty(List<String> columns, int[] types, int nullable) throws SQLException {
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        meta.setColumnCount(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            meta.setColumnName(i + 1, columns.get(i));
            meta.setColumnLabel(i + 1, columns.get(i));
            meta.setColumnType(i + 1, types[i]);
            meta.setNullable(i + 1, nullable);
        }
        CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
        rows.setMetaData(meta);
        return rows;
    }
}
