package dev.nl2sql.picard.checker;

import dev.nl2sql.picard.grammar.LexicalClass;
import dev.nl2sql.picard.grammar.SqlSyntax;
import dev.nl2sql.picard.lexer.SqlToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema guards of the prefix checker, fed the tokens the syntax accepted: which tables and aliases are in scope
 * in each query and subquery, and whether every column reference resolves. Immutable: {@link #apply} returns a new
 * scope (sharing all it can), so checker states fork freely.
 *
 * <p>A query's FROM comes after its select list, so a reference that cannot be resolved yet (its query, or an
 * enclosing one, has not finished its FROM clause) is kept with the innermost such query and checked when that FROM
 * ends, as PICARD does. A name that is a column or a qualifier depending on what follows ({@code x} or {@code x.y})
 * is settled by the next token; it is let through meanwhile only if one of its readings can still be right.
 *
 * <p>With {@code guards} off it checks only what the GBNF grammar can: {@code table.column} needs a column of that
 * table; the syntax itself already allows only the schema's names.
 */
final class Scope {

    /** Bit of a token's accepted classes: it was a keyword or symbol (the other bits are {@link LexicalClass}). */
    static final int KEYWORD = 1 << LexicalClass.values().length;

    private static final int ROLE_COLUMN = 1;
    private static final int ROLE_QUALIFIER = 2;
    private static final int ROLE_FUNCTION = 4;
    private static final int ROLE_STRING = 8;

    private static final int RESOLVED = -1;
    private static final int UNRESOLVABLE = -2;

    private enum Clause { SELECT, FROM_TABLE, FROM_ALIAS, FROM_AS, ON, WHERE, GROUP_BY, HAVING, ORDER_BY, LIMIT,
        SET_OPERATOR }

    private enum Previous { OTHER, OPEN_PARENTHESIS, AS }

    /** A table or derived table in a FROM clause; names lower case; alias null where none was given. */
    private record Source(String table, String alias, Set<String> columns) {

        boolean answersTo(String qualifier) {
            return alias != null ? alias.equals(qualifier) : qualifier.equals(table);
        }
    }

    /** A column reference, {@code qualifier} null where unqualified, {@code column} "*" for {@code q.*}. */
    private record Ref(String qualifier, String column) {

        @Override
        public String toString() {
            return qualifier == null ? column : qualifier + "." + column;
        }
    }

    private record Name(String value, int roles) {
    }

    /** One SELECT (one core of a compound query). Copied before any change, never changed once shared. */
    private static final class Frame implements Cloneable {
        int openDepth;
        Clause clause = Clause.SELECT;
        boolean derived;
        boolean fromDone;
        Chain<Source> sources;
        Chain<Ref> pending;
        /** Output names of the select list; "*" for all columns, "*.q" for q.*. */
        Chain<String> outputs;
        Set<String> outputColumns;
        /** In the later cores of a compound query: the first core's output columns, which the compound has. */
        Set<String> firstCoreColumns;
        int itemLength;
        String itemFirst;
        String itemLast;
        boolean itemDot;
        String itemAlias;

        Frame copy() {
            try {
                return (Frame) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        boolean atFrameDepth(int depth) {
            return depth == openDepth;
        }

        Source source(String qualifier) {
            for (Source s : Chain.of(sources)) {
                if (s.answersTo(qualifier)) {
                    return s;
                }
            }
            return null;
        }

        boolean hasColumn(String column) {
            for (Source s : Chain.of(sources)) {
                if (s.columns.contains(column)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final SchemaNames names;
    private final boolean guards;
    private Chain<Frame> stack;
    private int depth;
    private Name pendingName;
    private String dotQualifier;
    private Previous previous = Previous.OTHER;
    private String rejection;

    Scope(SchemaNames names, boolean guards) {
        this.names = names;
        this.guards = guards;
    }

    private Scope copy() {
        Scope s = new Scope(names, guards);
        s.stack = stack;
        s.depth = depth;
        s.pendingName = pendingName;
        s.dotQualifier = dotQualifier;
        s.previous = previous;
        s.rejection = rejection;
        return s;
    }

    /** Why the tokens so far cannot become a valid query, or null. */
    String rejection() {
        return rejection;
    }

    /**
     * The scope after one more token. {@code classes} says what the syntax accepted it as ({@link #KEYWORD} and the
     * {@link LexicalClass} bits); {@code keyword} is its canonical text where it was a keyword or symbol.
     */
    Scope apply(SqlToken token, int classes, String keyword) {
        Scope next = copy();
        next.step(token, classes, keyword);
        return next;
    }

    /** Whether the whole text read so far can end here as far as the guards go (the syntax is checked elsewhere). */
    String finishRejection() {
        Scope end = copy();
        end.settlePendingName(null);
        while (end.rejection == null && end.stack != null) {
            end.closeTop();
        }
        return end.rejection;
    }

    private void step(SqlToken token, int classes, String keyword) {
        if (pendingName != null && !settlePendingName(token)) {
            return;
        }
        if (token.isSymbol(".") && dotQualifier != null) {
            itemToken(token, null);
            return;
        }
        if (dotQualifier != null) {
            String qualifier = dotQualifier;
            dotQualifier = null;
            String column = token.isSymbol("*") ? "*" : SchemaNames.lower(token.value());
            if (reference(new Ref(qualifier, column))) {
                itemToken(token, column);
            }
            previous = Previous.OTHER;
            return;
        }
        int nameClasses = classes & ~KEYWORD & ~bit(LexicalClass.UNSIGNED_NUMBER) & ~bit(LexicalClass.ROW_COUNT);
        boolean quotedString = token.type() == SqlToken.Type.QUOTED && (classes & bit(LexicalClass.STRING)) != 0;
        if (token.type() == SqlToken.Type.STRING || !(nameClasses != 0 || quotedString)) {
            if ((classes & KEYWORD) != 0 && token.type() != SqlToken.Type.STRING) {
                keyword(token, keyword);
            } else {
                itemToken(token, null);
                previous = Previous.OTHER;
            }
            return;
        }
        name(token, classes);
    }

    /** The name before this token was a column, a qualifier or an aggregate: this token says which. */
    private boolean settlePendingName(SqlToken token) {
        Name name = pendingName;
        if (name == null) {
            return true;
        }
        pendingName = null;
        if (token != null && token.isSymbol(".")) {
            if ((name.roles & ROLE_QUALIFIER) == 0) {
                return reject("no table or alias " + name.value + " in scope");
            }
            dotQualifier = name.value;
            return true;
        }
        if (token != null && token.isSymbol("(") && (name.roles & ROLE_FUNCTION) != 0) {
            return true;
        }
        if ((name.roles & ROLE_COLUMN) != 0) {
            return reference(new Ref(null, name.value));
        }
        if ((name.roles & ROLE_STRING) != 0) {
            return true;
        }
        return reject("no column " + name.value + " in any table in scope");
    }

    private void name(SqlToken token, int classes) {
        String value = SchemaNames.lower(token.value());
        Frame top = stack == null ? null : stack.head;
        boolean atFrame = top != null && top.atFrameDepth(depth);
        if (atFrame && top.clause == Clause.FROM_TABLE && has(classes, LexicalClass.TABLE_NAME)) {
            Frame f = top.copy();
            f.sources = Chain.push(f.sources, new Source(value, null, names.columnsOf(value)));
            f.clause = Clause.FROM_ALIAS;
            replaceTop(f);
        } else if (atFrame && (top.clause == Clause.FROM_ALIAS || top.clause == Clause.FROM_AS)
                && has(classes, LexicalClass.TABLE_ALIAS)) {
            Frame f = top.copy();
            Source last = f.sources.head;
            f.sources = Chain.push(f.sources.tail, new Source(last.table, value, last.columns));
            f.clause = Clause.FROM_ALIAS;
            replaceTop(f);
        } else if (atFrame && previous == Previous.AS && top.clause == Clause.SELECT
                && has(classes, LexicalClass.OUTPUT_ALIAS)) {
            Frame f = top.copy();
            f.itemAlias = value;
            replaceTop(f);
        } else {
            int roles = 0;
            if (has(classes, LexicalClass.COLUMN) && resolve(new Ref(null, value)) != UNRESOLVABLE) {
                roles |= ROLE_COLUMN;
            }
            if ((has(classes, LexicalClass.TABLE_NAME) || has(classes, LexicalClass.TABLE_ALIAS))
                    && qualifierCanResolve(value)) {
                roles |= ROLE_QUALIFIER;
            }
            if ((classes & KEYWORD) != 0) {
                roles |= ROLE_FUNCTION;
            }
            if (token.type() == SqlToken.Type.QUOTED && has(classes, LexicalClass.STRING)) {
                roles |= ROLE_STRING;
            }
            if (roles == 0) {
                reject(has(classes, LexicalClass.COLUMN) ? "no column " + value + " in any table in scope"
                        : "no table or alias " + value + " in scope");
                return;
            }
            pendingName = new Name(value, roles);
            itemToken(token, value);
        }
        previous = Previous.OTHER;
    }

    private void keyword(SqlToken token, String keyword) {
        Frame top = stack == null ? null : stack.head;
        Previous before = previous;
        previous = Previous.OTHER;
        if (keyword.equals("SELECT")) {
            select(top, before);
            return;
        }
        if (keyword.equals("(")) {
            itemToken(token, null);
            depth++;
            previous = Previous.OPEN_PARENTHESIS;
            return;
        }
        if (keyword.equals(")")) {
            depth--;
            if (top != null && depth < top.openDepth) {
                closeTop();
            }
            itemToken(token, null);
            return;
        }
        if (keyword.equals(";")) {
            // the statement ends: nothing can come into scope any more
            while (rejection == null && stack != null) {
                closeTop();
            }
            return;
        }
        if (top == null || !top.atFrameDepth(depth)) {
            itemToken(token, keyword.equals("*") ? "*" : null);
            return;
        }
        switch (keyword) {
            case "FROM" -> {
                Frame f = top.copy();
                closeItem(f);
                f.clause = Clause.FROM_TABLE;
                replaceTop(f);
            }
            case "JOIN" -> setClause(top, Clause.FROM_TABLE);
            case "ON" -> setClause(top, Clause.ON);
            case "AS" -> {
                if (top.clause == Clause.FROM_ALIAS) {
                    setClause(top, Clause.FROM_AS);
                }
                previous = Previous.AS;
            }
            case "WHERE" -> endFromThen(Clause.WHERE);
            case "GROUP" -> endFromThen(Clause.GROUP_BY);
            case "HAVING" -> setClause(top, Clause.HAVING);
            case "ORDER" -> endFromThen(Clause.ORDER_BY);
            case "LIMIT" -> endFromThen(Clause.LIMIT);
            case "UNION", "INTERSECT", "EXCEPT" -> endFromThen(Clause.SET_OPERATOR);
            case "," -> {
                if (top.clause == Clause.SELECT) {
                    Frame f = top.copy();
                    closeItem(f);
                    replaceTop(f);
                } else if (top.clause == Clause.FROM_ALIAS || top.clause == Clause.ON) {
                    setClause(top, Clause.FROM_TABLE);
                }
            }
            default -> itemToken(token, keyword.equals("*") ? "*" : null);
        }
    }

    private void select(Frame top, Previous before) {
        Frame f = new Frame();
        if (top == null) {
            stack = Chain.push(null, f);
        } else if (before == Previous.OPEN_PARENTHESIS) {
            f.openDepth = depth;
            f.derived = top.clause == Clause.FROM_TABLE && top.openDepth == depth - 1;
            stack = Chain.push(stack, f);
        } else if (top.clause == Clause.SET_OPERATOR) {
            f.openDepth = top.openDepth;
            f.derived = top.derived;
            f.firstCoreColumns = top.firstCoreColumns != null ? top.firstCoreColumns : top.outputColumns;
            replaceTop(f);
        }
    }

    private void setClause(Frame top, Clause clause) {
        Frame f = top.copy();
        f.clause = clause;
        replaceTop(f);
    }

    private void endFromThen(Clause clause) {
        if (!stack.head.fromDone && !completeFrom()) {
            return;
        }
        setClause(stack.head, clause);
    }

    /** A token of the current select item, for the names a derived table's select list gives its columns. */
    private void itemToken(SqlToken token, String name) {
        if (stack == null || stack.head.clause != Clause.SELECT) {
            return;
        }
        Frame f = stack.head.copy();
        f.itemLength++;
        if (f.itemLength == 1) {
            f.itemFirst = name;
        }
        if (f.itemLength == 2) {
            f.itemDot = token.isSymbol(".");
        }
        f.itemLast = name;
        replaceTop(f);
    }

    private static void closeItem(Frame f) {
        String output = null;
        if (f.itemAlias != null) {
            output = f.itemAlias;
        } else if (f.itemLength == 1) {
            output = f.itemFirst;
        } else if (f.itemLength == 3 && f.itemDot && f.itemLast != null) {
            output = f.itemLast.equals("*") ? "*." + f.itemFirst : f.itemLast;
        }
        if (output != null) {
            f.outputs = Chain.push(f.outputs, output);
        }
        f.itemLength = 0;
        f.itemFirst = null;
        f.itemLast = null;
        f.itemDot = false;
        f.itemAlias = null;
    }

    /** The top query's FROM is complete: work out its output columns and check what waited for it. */
    private boolean completeFrom() {
        Frame f = stack.head.copy();
        f.fromDone = true;
        f.outputColumns = outputColumns(f);
        Chain<Ref> waiting = f.pending;
        f.pending = null;
        replaceTop(f);
        for (Ref ref : Chain.of(waiting)) {
            if (!reference(ref)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> outputColumns(Frame f) {
        Set<String> columns = new HashSet<>();
        for (String output : Chain.of(f.outputs)) {
            if (output.equals("*")) {
                for (Source s : Chain.of(f.sources)) {
                    columns.addAll(s.columns);
                }
            } else if (output.startsWith("*.")) {
                Source s = f.source(output.substring(2));
                if (s != null) {
                    columns.addAll(s.columns);
                }
            } else {
                columns.add(output);
            }
        }
        return columns;
    }

    /** The top query ends: a derived table becomes a source of the query around it. */
    private void closeTop() {
        Frame f = stack.head;
        if (!f.fromDone && !completeFrom()) {
            return;
        }
        f = stack.head;
        stack = stack.tail;
        if (f.derived && stack != null) {
            Frame outer = stack.head.copy();
            Set<String> columns = f.firstCoreColumns != null ? f.firstCoreColumns : f.outputColumns;
            outer.sources = Chain.push(outer.sources, new Source(null, null, columns));
            outer.clause = Clause.FROM_ALIAS;
            replaceTop(outer);
        }
    }

    /** Checks a reference now, or leaves it with the query whose FROM may still make it right; false if it fails. */
    private boolean reference(Ref ref) {
        int at = resolve(ref);
        if (at == RESOLVED) {
            return true;
        }
        if (at == UNRESOLVABLE) {
            return reject(unresolvedReason(ref));
        }
        List<Frame> above = new ArrayList<>();
        Chain<Frame> rest = stack;
        for (int i = 0; i < at; i++) {
            above.add(rest.head);
            rest = rest.tail;
        }
        Frame waiting = rest.head.copy();
        waiting.pending = Chain.push(waiting.pending, ref);
        rest = Chain.push(rest.tail, waiting);
        for (int i = above.size() - 1; i >= 0; i--) {
            rest = Chain.push(rest, above.get(i));
        }
        stack = rest;
        return true;
    }

    /** RESOLVED, UNRESOLVABLE, or the index (0 = innermost) of the query to wait for. */
    private int resolve(Ref ref) {
        if (!resolvesByNameAlone(ref)) {
            // aliases are T1..T9, so any other qualifier is a table's own name: its columns are known at once
            return UNRESOLVABLE;
        }
        if (!guards) {
            return RESOLVED;
        }
        int open = -1;
        int i = 0;
        for (Frame f : Chain.of(stack)) {
            if (!f.fromDone && open < 0) {
                open = i;
            }
            if (ref.qualifier != null) {
                Source s = f.source(ref.qualifier);
                if (s != null) {
                    return ref.column.equals("*") || s.columns.contains(ref.column) ? RESOLVED : UNRESOLVABLE;
                }
            } else if (f.hasColumn(ref.column) || (f.clause == Clause.ORDER_BY && f.firstCoreColumns != null
                    && f.firstCoreColumns.contains(ref.column))) {
                // a compound query's ORDER BY may also name the compound's own output columns
                return RESOLVED;
            }
            i++;
        }
        return open >= 0 ? open : UNRESOLVABLE;
    }

    /** The GBNF grammar's own check: a column qualified by a table name must be one of that table's. */
    private boolean resolvesByNameAlone(Ref ref) {
        if (ref.qualifier == null || ref.column.equals("*") || isTableAlias(ref.qualifier)) {
            return true;
        }
        Set<String> columns = names.columnsOf(ref.qualifier);
        return columns == null || columns.contains(ref.column);
    }

    private String unresolvedReason(Ref ref) {
        if (ref.qualifier == null) {
            return "no column " + ref.column + " in any table in scope";
        }
        for (Frame f : Chain.of(stack)) {
            Source s = f.source(ref.qualifier);
            if (s != null) {
                return "no column " + ref.column + " in " + (s.table != null ? s.table : "the derived table")
                        + (s.alias != null ? " (" + s.alias + ")" : "");
            }
        }
        if (!resolvesByNameAlone(ref)) {
            return "no column " + ref.column + " in table " + ref.qualifier;
        }
        return "no table or alias " + ref.qualifier + " in scope";
    }

    private boolean qualifierCanResolve(String qualifier) {
        if (!guards) {
            return true;
        }
        for (Frame f : Chain.of(stack)) {
            if (!f.fromDone || f.source(qualifier) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an unfinished name may still become one the guards accept here, given which classes the syntax
     * expects next.
     */
    boolean namePrefixViable(String prefix, boolean longer, boolean table, boolean alias, boolean column,
            boolean outputAlias) {
        Frame top = stack == null ? null : stack.head;
        if (dotQualifier != null) {
            return (column || outputAlias) && qualifiedPrefixViable(dotQualifier, prefix, longer, !outputAlias);
        }
        boolean atFrame = top != null && top.atFrameDepth(depth);
        if (atFrame && top.clause == Clause.FROM_TABLE && table) {
            return names.anyTableExtends(prefix, longer);
        }
        if (atFrame && (top.clause == Clause.FROM_ALIAS || top.clause == Clause.FROM_AS) && alias
                && aliasPrefix(prefix, longer)) {
            return true;
        }
        if (outputAlias && previous == Previous.AS) {
            return true;
        }
        boolean anywhere = (column && names.anyColumnExtends(prefix, longer))
                || (table && names.anyTableExtends(prefix, longer)) || (alias && aliasPrefix(prefix, longer));
        if (!guards || !anywhere) {
            return anywhere;
        }
        for (Frame f : Chain.of(stack)) {
            if (!f.fromDone) {
                return true;
            }
            for (Source s : Chain.of(f.sources)) {
                String qualifier = s.alias != null ? s.alias : s.table;
                if ((table || alias) && qualifier != null && extendsPrefix(qualifier, prefix, longer)) {
                    return true;
                }
                if (column && anyExtends(s.columns, prefix, longer)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** After {@code qualifier.}: a column of its table (a bare word must be one of the schema's columns). */
    private boolean qualifiedPrefixViable(String qualifier, String prefix, boolean longer, boolean schemaColumn) {
        if (schemaColumn && !names.anyColumnExtends(prefix, longer)) {
            return false;
        }
        if (guards) {
            for (Frame f : Chain.of(stack)) {
                Source s = f.source(qualifier);
                if (s != null) {
                    return anyExtends(s.columns, prefix, longer);
                }
            }
        }
        Set<String> columns = isTableAlias(qualifier) ? null : names.columnsOf(qualifier);
        return columns == null || anyExtends(columns, prefix, longer);
    }

    private static boolean anyExtends(Set<String> names, String prefix, boolean longer) {
        for (String n : names) {
            if (extendsPrefix(n, prefix, longer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name starts with the prefix (and is longer than it, where asked). */
    static boolean extendsPrefix(String name, String prefix, boolean longer) {
        return name.startsWith(prefix) && (!longer || name.length() > prefix.length());
    }

    private static boolean aliasPrefix(String prefix, boolean longer) {
        return prefix.isEmpty() || prefix.equals("t") || (!longer && isTableAlias(prefix));
    }

    static boolean isTableAlias(String lowerName) {
        return lowerName.length() == 2 && lowerName.charAt(0) == 't' && lowerName.charAt(1) >= '1'
                && lowerName.charAt(1) <= (char) ('0' + SqlSyntax.MAX_TABLE_ALIAS);
    }

    private void replaceTop(Frame f) {
        stack = Chain.push(stack.tail, f);
    }

    private boolean reject(String reason) {
        if (rejection == null) {
            rejection = reason;
        }
        return false;
    }

    private static int bit(LexicalClass c) {
        return 1 << c.ordinal();
    }

    private static boolean has(int classes, LexicalClass c) {
        return (classes & bit(c)) != 0;
    }
}
