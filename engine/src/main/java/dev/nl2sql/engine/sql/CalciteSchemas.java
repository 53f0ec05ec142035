package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** A {@link DbSchema} as a Calcite schema: its tables at the root, and again under the schema's own name. */
final class CalciteSchemas {

    private CalciteSchemas() {
    }

    static CalciteSchema root(DbSchema schema) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        Map<String, Table> tables = new LinkedHashMap<>();
        for (DbTable t : schema.tables()) {
            Table table = new DbTableAdapter(t);
            tables.put(t.name(), table);
            root.add(t.name(), table);
        }
        if (schema.name() != null && schema.tables().stream().noneMatch(t -> t.name().equalsIgnoreCase(schema.name()))) {
            root.add(schema.name(), new AbstractSchema() {
                @Override
                protected Map<String, Table> getTableMap() {
                    return tables;
                }
            });
        }
        return root;
    }

    /** Every column nullable (outer joins, and the database enforces NOT NULL, not the checker). */
    static RelDataType typeOf(RelDataTypeFactory tf, DbColumn c) {
        SqlTypeName name = switch (c.type()) {
            case CHAR, NCHAR, VARCHAR, NVARCHAR, LONGVARCHAR, LONGNVARCHAR, CLOB, NCLOB -> SqlTypeName.VARCHAR;
            case BIT, BOOLEAN -> SqlTypeName.BOOLEAN;
            case TINYINT -> SqlTypeName.TINYINT;
            case SMALLINT -> SqlTypeName.SMALLINT;
            case INTEGER -> SqlTypeName.INTEGER;
            case BIGINT -> SqlTypeName.BIGINT;
            case REAL -> SqlTypeName.REAL;
            case FLOAT, DOUBLE -> SqlTypeName.DOUBLE;
            case NUMERIC, DECIMAL -> SqlTypeName.DECIMAL;
            case DATE -> SqlTypeName.DATE;
            case TIME, TIME_WITH_TIMEZONE -> SqlTypeName.TIME;
            case TIMESTAMP, TIMESTAMP_WITH_TIMEZONE -> SqlTypeName.TIMESTAMP;
            case BINARY, VARBINARY, LONGVARBINARY, BLOB -> SqlTypeName.VARBINARY;
            default -> SqlTypeName.ANY;
        };
        RelDataType type = switch (name) {
            case DECIMAL -> tf.createSqlType(name, tf.getTypeSystem().getMaxNumericPrecision(), 6);
            default -> tf.createSqlType(name);
        };
        return tf.createTypeWithNullability(type, true);
    }

    private static final class DbTableAdapter extends AbstractTable {
        private final DbTable table;

        DbTableAdapter(DbTable table) {
            this.table = table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory tf) {
            RelDataTypeFactory.Builder b = tf.builder();
            for (DbColumn c : table.columns()) {
                b.add(c.name(), typeOf(tf, c));
            }
            return b.build();
        }
    }
}
