package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the SQL a model wrote against a schema and writes it for the target database.
 *
 * <ol>
 *   <li>Parses it with Calcite, leniently: names in any case, the target's identifier quote (backtick for MariaDB,
 *   double quote otherwise), {@code LIMIT}, {@code !=}. One trailing semicolon is dropped.</li>
 *   <li>Requires exactly one query (SELECT, UNION/INTERSECT/EXCEPT, ORDER BY, WITH); DML, DDL and several statements
 *   are refused.</li>
 *   <li>Validates it against the schema, names matched case-insensitively: unknown tables, columns, functions with
 *   wrong arguments, ungrouped columns are refused with a {@link SqlCheckException} that says so in plain words.
 *   Unknown function names are let through to the database (models use the database's own functions).</li>
 *   <li>Writes it in the target's Calcite dialect, from the parse tree (not the validator's rewritten tree, which
 *   would carry implicit casts and expansions): every table and column name is replaced by the name as the database
 *   stores it and quoted; aliases are written as the database would fold them unquoted, so {@code t1} and {@code T1}
 *   still meet.</li>
 * </ol>
 *
 * A double-quoted name that is neither a table, a column nor an alias (Spider-style {@code WHERE name = "Lisbon"}) is
 * read as a string literal, as SQLite and MySQL would. A bare name of the schema that is a reserved word of Calcite's
 * parser ({@code year}, {@code date}, {@code value}) is quoted before parsing. For SQLite and MariaDB, which allow columns outside GROUP BY
 * in the select list (Spider's gold SQL uses that), such columns are not refused ({@link GroupByRelaxer}), nor are
 * bare columns in HAVING or a SELECT DISTINCT ordered by a column it does not select.
 *
 * <p>SQL that SQLite runs as written is read as SQLite reads it (issue 18), never with another meaning: on SQLite
 * targets {@code `name`} and {@code [name]} are names, a single-quoted table after FROM/JOIN is that table
 * ({@link StatementText#normaliseSqliteQuoting}), an inner join's ON condition that names a table joined later moves
 * to the first ON where it is joined ({@link ForwardJoinConditions}), and GROUP_CONCAT is an aggregate; on every
 * target a reserved word declared as an alias ({@code COUNT(*) AS count}) is quoted. {@code "rowid"} stays a name.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SqlChecker {

    private static final Logger LOG = LoggerFactory.getLogger(SqlChecker.class);

    private static final Set<SqlKind> QUERY_KINDS = Set.of(SqlKind.SELECT, SqlKind.UNION, SqlKind.INTERSECT,
            SqlKind.EXCEPT, SqlKind.ORDER_BY, SqlKind.WITH);
    /** First words of statements that are not queries, named in the refusal. */
    private static final Set<String> STATEMENT_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
            "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE", "RENAME", "COMMENT", "GRANT", "REVOKE", "CALL", "EXEC",
            "EXECUTE", "DO", "SET", "RESET", "USE", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
            "PRAGMA", "ATTACH", "DETACH", "VACUUM", "ANALYZE", "REINDEX", "EXPLAIN", "SHOW", "DESCRIBE", "LOCK",
            "UNLOCK", "COPY", "LOAD", "HANDLER", "PREPARE", "DEALLOCATE", "LISTEN", "NOTIFY", "CHECKPOINT",
            "SHUTDOWN", "BACKUP", "SCRIPT", "RUNSCRIPT", "KILL", "FLUSH", "OPTIMIZE", "REPAIR", "CLUSTER", "REFRESH",
            "DISCARD", "IMPORT");

    private final DbSchema schema;
    private final TargetDialect target;
    private final SqlParser.Config parserConfig;
    private final SqlAbstractParserImpl.Metadata reservedWords;
    private final CalciteSchema calciteSchema;
    private final SqlOperatorTable functions;
    private final Map<String, String> tableNames = new HashMap<>();
    private final Map<String, String> allColumnNames = new HashMap<>();
    private final SqliteSemantics sqlite;

    public SqlChecker(DbSchema schema, TargetDialect target) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.target = Objects.requireNonNull(target, "target");
        this.parserConfig = target.parserConfig();
        this.reservedWords = SqlParser.create("", parserConfig).getMetadata();
        this.calciteSchema = CalciteSchemas.root(schema);
        this.sqlite = new SqliteSemantics(schema, target);
        SqlLibrary library = switch (target) {
            case POSTGRESQL, DUCKDB -> SqlLibrary.POSTGRESQL;
            case MARIADB -> SqlLibrary.MYSQL;
            case H2, SQLITE -> SqlLibrary.STANDARD;
        };
        SqlOperatorTable builtIn = SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD,
                library);
        // SQLite's group_concat is an aggregate: without it the validator reads it as a plain function and asks
        // for its argument in GROUP BY. The parser already makes it Calcite's GROUP_CONCAT (written back as is).
        this.functions = target == TargetDialect.SQLITE
                ? SqlOperatorTables.chain(builtIn, SqlOperatorTables.of(SqlLibraryOperators.GROUP_CONCAT)) : builtIn;
        for (DbTable t : schema.tables()) {
            tableNames.putIfAbsent(lower(t.name()), t.name());
            for (DbColumn c : t.columns()) {
                allColumnNames.putIfAbsent(lower(c.name()), c.name());
            }
        }
    }

    public SqlChecker(DbSchema schema, IdentifierStyle style) {
        this(schema, TargetDialect.of(style));
    }

    public DbSchema schema() {
        return schema;
    }

    public TargetDialect target() {
        return target;
    }

    public CheckedSql check(String modelSql) throws SqlCheckException {
        try {
            return checkText(modelSql);
        } catch (StackOverflowError e) {
            // Calcite's parser and validator recurse once per level of nesting
            throw new SqlCheckException("The query is nested too deeply to check; write it with fewer levels");
        }
    }

    private CheckedSql checkText(String modelSql) throws SqlCheckException {
        if (modelSql == null || StatementText.stripTrailingSemicolons(modelSql).isEmpty()) {
            throw new SqlCheckException("The query is empty");
        }
        String text = sqlite.text(StatementText.stripTrailingSemicolons(modelSql),
                name -> tableNames.containsKey(lower(name)),
                name -> tableNames.containsKey(lower(name)) || allColumnNames.containsKey(lower(name)));
        Set<String> reservedAliases = StatementText.reservedAliases(text, reservedWords::isReservedWord);
        String sql = StatementText.quoteReservedNames(text, target.style().quote(),
                name -> tableNames.containsKey(lower(name)) || allColumnNames.containsKey(lower(name))
                        || reservedAliases.contains(lower(name)), reservedWords::isReservedWord);
        // Two parses of the same text: the validator rewrites the tree it validates; the other one is written out.
        Tree toValidate = new Tree(parseOne(sql));
        Tree toRender = new Tree(parseOne(sql));
        ConditionlessJoins.makeExplicit(toValidate.node);
        ConditionlessJoins.makeExplicit(toRender.node);
        sqlite.beforeValidation(toValidate.node, toRender.node);

        Set<String> refusedFunctions = FunctionAllowList.refused(toRender.node, target);
        if (!refusedFunctions.isEmpty()) {
            throw new SqlCheckException("Generated SQL may not call " + String.join(", ", new TreeSet<>(refusedFunctions))
                    + ": only built-in functions that read their arguments are allowed");
        }
        LiteralValues.check(toRender.node);
        GrowthLimit.check(toRender.node);
        PatternLimit.check(toRender.node);
        validate(toValidate.node, toRender);
        toRender.node = sqlite.beforeNames(toRender.node);
        List<String> tables = toRender.tables();
        toRender.rewriteNames(tables);
        SqlNode render = sqlite.afterNames(toRender.node, sql);
        try {
            String out = PlainFunctionNames.apply(render).toSqlString(c -> c.withDialect(target.sqlDialect())
                    .withQuoteAllIdentifiers(true)
                    .withAlwaysUseParentheses(false)
                    .withSelectListItemsOnSeparateLines(false)
                    .withIndentation(0)
                    .withClauseStartsLine(false)
                    .withClauseEndsLine(false)).getSql();
            LOG.debug("Checked SQL for {}: {}", target, out);
            return new CheckedSql(out, tables);
        } catch (RuntimeException e) {
            throw new SqlCheckException("The query cannot be written for " + target + ": " + e.getMessage(), e);
        }
    }

    private SqlNode parseOne(String sql) throws SqlCheckException {
        SqlNodeList statements;
        try {
            statements = SqlParser.create(sql, parserConfig).parseStmtList();
        } catch (SqlParseException e) {
            List<String> parts = StatementText.split(sql);
            if (parts.size() > 1) {
                throw new SqlCheckException("Only one SELECT query may run; got " + parts.size() + " statements");
            }
            String word = StatementText.firstKeyword(sql);
            if (word != null && STATEMENT_WORDS.contains(word)) {
                throw new SqlCheckException("Only one SELECT query may run; got " + word);
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StackOverflowError) {
                    throw new SqlCheckException("The query is nested too deeply to check; write it with fewer levels");
                }
            }
            String msg = Objects.toString(e.getMessage(), "").lines().findFirst().orElse("").strip();
            throw new SqlCheckException("The SQL does not parse: " + msg, e);
        }
        if (statements.size() != 1) {
            throw new SqlCheckException("Only one SELECT query may run; got " + statements.size() + " statements");
        }
        SqlNode node = statements.get(0);
        if (!QUERY_KINDS.contains(node.getKind())) {
            String word = StatementText.firstKeyword(sql);
            String what = word != null && STATEMENT_WORDS.contains(word) ? word
                    : node.getKind().name().replace('_', ' ');
            throw new SqlCheckException("Only one SELECT query may run; got " + what);
        }
        return node;
    }

    private void validate(SqlNode node, Tree names) throws SqlCheckException {
        Properties props = new Properties();
        props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        CalciteConnectionConfig config = new CalciteConnectionConfigImpl(props);
        JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(RelDataTypeSystem.DEFAULT);
        CalciteCatalogReader catalog = new CalciteCatalogReader(calciteSchema, List.of(), typeFactory, config);
        SqlValidator validator = SqlValidatorUtil.newValidator(
                SqlOperatorTables.chain(functions, catalog), catalog, typeFactory,
                SqlValidator.Config.DEFAULT
                        .withConformance(SqlConformanceEnum.LENIENT)
                        .withLenientOperatorLookup(true)
                        .withIdentifierExpansion(false));
        try {
            validator.validate(node);
        } catch (CalciteContextException e) {
            String inner = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage() : e.getMessage();
            throw new SqlCheckException(explain(inner, names), e);
        } catch (RuntimeException | AssertionError e) {
            LOG.debug("Validation failed unexpectedly", e);
            throw new SqlCheckException("The query could not be checked: " + e.getMessage(), e);
        }
    }

    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("Object '([^']*)' not found.*");
    private static final Pattern TABLE_NOT_FOUND = Pattern.compile("Table '([^']*)' not found.*");
    private static final Pattern COLUMN_IN_TABLE = Pattern.compile("Column '([^']*)' not found in table '([^']*)'.*");
    private static final Pattern COLUMN_ANY = Pattern.compile("Column '([^']*)' not found in any table.*");
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '([^']*)' is ambiguous.*");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '(.*)' is not being grouped.*");
    private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature (.*)");

    private String explain(String calcite, Tree names) {
        String msg = calcite.strip();
        Matcher m;
        if ((m = OBJECT_NOT_FOUND.matcher(msg)).matches()) {
            return "Unknown table '" + m.group(1) + "'" + hint(m.group(1), tableNames.values());
        }
        if ((m = TABLE_NOT_FOUND.matcher(msg)).matches()) {
            return "Unknown table or alias '" + m.group(1) + "'" + hint(m.group(1), tableNames.values());
        }
        if ((m = COLUMN_IN_TABLE.matcher(msg)).matches()) {
            String table = names.aliases.getOrDefault(lower(m.group(2)), m.group(2));
            List<String> candidates = schema.table(table).map(t -> t.columns().stream().map(DbColumn::name).toList())
                    .orElse(List.copyOf(allColumnNames.values()));
            return "Unknown column '" + m.group(1) + "' in table '" + table + "'" + hint(m.group(1), candidates);
        }
        if ((m = COLUMN_ANY.matcher(msg)).matches()) {
            List<String> candidates = new ArrayList<>();
            for (String t : names.tables()) {
                schema.table(t).ifPresent(dt -> dt.columns().forEach(c -> candidates.add(c.name())));
            }
            return "Unknown column '" + m.group(1) + "'" + (candidates.isEmpty() ? "" : " in table"
                    + (names.tables().size() > 1 ? "s " : " ") + String.join(", ", names.tables().stream()
                            .map(t -> "'" + t + "'").toList())) + hint(m.group(1), candidates);
        }
        if ((m = AMBIGUOUS.matcher(msg)).matches()) {
            return "Column '" + m.group(1) + "' is ambiguous: more than one table has it; write it as table.column";
        }
        if ((m = NOT_GROUPED.matcher(msg)).matches()) {
            return "'" + m.group(1) + "' must be in GROUP BY or inside an aggregate function";
        }
        if ((m = NO_FUNCTION.matcher(msg)).matches()) {
            return "No function matches " + m.group(1);
        }
        return "The query is not valid: " + msg;
    }

    private static String hint(String wrong, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(lower(wrong), lower(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(3, wrong.length() / 3))
                ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1,
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** One parse tree and what was learnt from walking it. */
    private final class Tree {
        SqlNode node;
        /** Identifiers that name a table in a FROM clause. */
        final Set<SqlIdentifier> fromTables = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Names declared in the query: AS aliases, WITH names and columns (lower case). */
        final Set<String> declared = new HashSet<>();
        /** Table alias (lower case) to stored table name. */
        final Map<String, String> aliases = new HashMap<>();
        private List<String> tables;

        Tree(SqlNode node) {
            this.node = node;
            collect(node);
            if (target != TargetDialect.MARIADB) {
                this.node = node.accept(new QuotedStringShuttle());
                fromTables.clear();
                collect(this.node);
            }
        }

        private void collect(SqlNode n) {
            if (n == null) {
                return;
            }
            if (n instanceof SqlNodeList list) {
                list.forEach(this::collect);
                return;
            }
            if (!(n instanceof SqlCall call)) {
                return;
            }
            if (call instanceof SqlSelect select && select.getFrom() != null) {
                from(select.getFrom());
            }
            if (call instanceof SqlWithItem item) {
                declared.add(lower(item.name.getSimple()));
                if (item.columnList != null) {
                    item.columnList.forEach(c -> declared.add(lower(((SqlIdentifier) c).getSimple())));
                }
            }
            if (call.getKind() == SqlKind.AS) {
                List<SqlNode> ops = call.getOperandList();
                for (int i = 1; i < ops.size(); i++) {
                    if (ops.get(i) instanceof SqlIdentifier id && id.isSimple()) {
                        declared.add(lower(id.getSimple()));
                    }
                }
            }
            for (SqlNode op : call.getOperandList()) {
                collect(op);
            }
        }

        private void from(SqlNode f) {
            if (f instanceof SqlIdentifier id) {
                fromTables.add(id);
            } else if (f instanceof SqlJoin join) {
                from(join.getLeft());
                from(join.getRight());
            } else if (f instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
                SqlNode source = call.operand(0);
                from(source);
                if (source instanceof SqlIdentifier id && call.operand(1) instanceof SqlIdentifier alias) {
                    String stored = tableNames.get(lower(last(id)));
                    if (stored != null) {
                        aliases.put(lower(alias.getSimple()), stored);
                    }
                }
            }
        }

        /** Schema tables read in FROM clauses, stored names, in order. */
        List<String> tables() {
            if (tables == null) {
                Set<String> out = new LinkedHashSet<>();
                new SqlShuttle() {
                    @Override
                    public SqlNode visit(SqlIdentifier id) {
                        if (fromTables.contains(id)) {
                            String stored = tableNames.get(lower(last(id)));
                            if (stored != null && !declared.contains(lower(last(id)))) {
                                out.add(stored);
                            }
                        }
                        return id;
                    }
                }.visitNode(node);
                tables = List.copyOf(out);
            }
            return tables;
        }

        /** Every table and column name as stored; every other name (aliases) folded as the database folds. */
        void rewriteNames(List<String> readTables) {
            Map<String, String> columns = new HashMap<>();
            for (String t : readTables) {
                schema.table(t).ifPresent(dt -> dt.columns().forEach(c -> columns.putIfAbsent(lower(c.name()),
                        c.name())));
            }
            allColumnNames.forEach(columns::putIfAbsent);
            Map<String, String> aliasSpelling = new HashMap<>();
            new SqlShuttle() {
                @Override
                public SqlNode visit(SqlIdentifier id) {
                    List<String> out = new ArrayList<>(id.names.size());
                    boolean fromTable = fromTables.contains(id);
                    for (int i = 0; i < id.names.size(); i++) {
                        String name = id.names.get(i);
                        boolean isLast = i == id.names.size() - 1;
                        if (name.isEmpty()) {
                            out.add(name); // the star of t.*
                            continue;
                        }
                        String key = lower(name);
                        String stored;
                        if (fromTable) {
                            stored = isLast ? tableNames.get(key) : null;
                        } else if (isLast) {
                            stored = columns.getOrDefault(key, tableNames.get(key));
                        } else {
                            stored = tableNames.getOrDefault(key, columns.get(key));
                        }
                        if (stored == null) {
                            stored = aliasSpelling.computeIfAbsent(key, k -> target.foldAlias(name));
                        }
                        out.add(stored);
                    }
                    id.setNames(out, null);
                    return id;
                }
            }.visitNode(node);
        }

        /**
         * A double-quoted name that names nothing in the schema or the query is a string ("Lisbon"), as SQLite reads
         * it. SQLite's hidden row id ({@code "rowid"}, {@code "oid"}, {@code "_rowid_"}) is a column there, not a
         * string: it stays a name (and is refused as an unknown column), so the check never reads a string where
         * the database reads a column.
         */
        private final class QuotedStringShuttle extends SqlShuttle {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.isSimple() && !id.isStar() && id.isComponentQuoted(0) && !fromTables.contains(id)) {
                    String key = lower(id.getSimple());
                    if (!tableNames.containsKey(key) && !allColumnNames.containsKey(key) && !declared.contains(key)
                            && !SQLITE_ROW_IDS.contains(key)) {
                        return SqlLiteral.createCharString(id.getSimple(), id.getParserPosition());
                    }
                }
                return id;
            }
        }
    }

    /** The names under which SQLite reads a table's row id when no column has them. */
    private static final Set<String> SQLITE_ROW_IDS = Set.of("rowid", "oid", "_rowid_");

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }
}
