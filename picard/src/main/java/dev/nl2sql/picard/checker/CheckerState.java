package dev.nl2sql.picard.checker;

import dev.nl2sql.picard.grammar.TokenChart;
import dev.nl2sql.picard.lexer.LexMode;
import dev.nl2sql.picard.lexer.SqlLexer;
import dev.nl2sql.picard.lexer.SqlToken;

/**
 * What a {@link PrefixChecker} knows after some text: the parse so far, the scopes, and the unfinished token at the
 * end. Immutable: {@link #feed} returns a new state and leaves this one as it was, so a beam search keeps one per
 * hypothesis and forks them at no cost. Once rejected, a state stays rejected and says why.
 */
public final class CheckerState {

    private final PrefixChecker checker;
    private final TokenChart chart;
    private final Scope scope;
    private final LexMode mode;
    private final String unfinished;
    private final char quote;
    private final String rejection;

    private CheckerState(PrefixChecker checker, TokenChart chart, Scope scope, LexMode mode, String unfinished,
            char quote, String rejection) {
        this.checker = checker;
        this.chart = chart;
        this.scope = scope;
        this.mode = mode;
        this.unfinished = unfinished;
        this.quote = quote;
        this.rejection = rejection;
    }

    static CheckerState start(PrefixChecker checker, TokenChart chart, Scope scope) {
        return new CheckerState(checker, chart, scope, LexMode.BETWEEN, "", (char) 0, null);
    }

    /**
     * The state after more text (a decoder's token, any number of characters). If no continuation of the text read
     * so far can be a valid query, the result {@link #isRejected() is rejected}.
     */
    public CheckerState feed(CharSequence text) {
        if (rejection != null) {
            return this;
        }
        Steps steps = new Steps(chart, scope);
        SqlLexer.Run run = new SqlLexer.Run(mode, unfinished, quote);
        for (int i = 0; i < text.length(); i++) {
            if (!checker.lexer().feed(run, text.charAt(i), steps)) {
                return rejected(steps.reason != null ? steps.reason : run.error());
            }
        }
        if (!checker.partialViable(steps.chart, steps.scope, run) && !wordFitsAsItStands(steps, run)) {
            return rejected(steps.reason != null ? steps.reason
                    : "nothing that may come here starts with " + run.text());
        }
        return new CheckerState(checker, steps.chart, steps.scope, run.mode(), run.text(), run.quote(), null);
    }

    /**
     * A word or a closed quoted name at the end of the text may be finished as it is (the next character a space):
     * would it fit?
     */
    private boolean wordFitsAsItStands(Steps steps, SqlLexer.Run run) {
        SqlToken token;
        if (run.mode() == LexMode.WORD) {
            token = new SqlToken(SqlToken.Type.WORD, run.text(), run.text(), (char) 0);
        } else if (run.mode() == LexMode.QUOTED_END) {
            String q = String.valueOf(run.quote());
            String text = run.text();
            token = new SqlToken(SqlToken.Type.QUOTED, text, text.substring(1, text.length() - 1).replace(q + q, q),
                    run.quote());
        } else {
            return false;
        }
        Steps probe = new Steps(steps.chart, steps.scope);
        boolean fits = probe.accept(token);
        steps.reason = probe.reason;
        return fits;
    }

    /** Whether no continuation of the text can become a valid query. */
    public boolean isRejected() {
        return rejection != null;
    }

    /** Why the text was rejected, or null. */
    public String rejection() {
        return rejection;
    }

    /** Whether the text read so far is a whole valid query. */
    public boolean isComplete() {
        return completionProblem() == null;
    }

    /** Null if the text read so far is a whole valid query; otherwise why it is not (yet). */
    public String completionProblem() {
        if (rejection != null) {
            return rejection;
        }
        Steps steps = new Steps(chart, scope);
        SqlLexer.Run run = new SqlLexer.Run(mode, unfinished, quote);
        if (!checker.lexer().finish(run, steps)) {
            return steps.reason != null ? steps.reason : run.error();
        }
        if (!steps.chart.canEnd()) {
            return "the query is not finished";
        }
        return steps.scope.finishRejection();
    }

    /** How many whole tokens were read. */
    public int tokens() {
        return chart.tokens();
    }

    private CheckerState rejected(String reason) {
        return new CheckerState(checker, chart, scope, mode, unfinished, quote, reason);
    }

    /** Takes each finished token through the syntax and then the scope; keeps the first reason to stop. */
    private final class Steps implements SqlLexer.TokenSink {
        TokenChart chart;
        Scope scope;
        String reason;

        Steps(TokenChart chart, Scope scope) {
            this.chart = chart;
            this.scope = scope;
        }

        @Override
        public boolean accept(SqlToken token) {
            int[] terminals = checker.terminalsOf(token);
            if (terminals.length == 0) {
                reason = "unknown " + describe(token);
                return false;
            }
            TokenChart next = chart.scan(terminals);
            if (next == null) {
                reason = describe(token) + " cannot come here";
                return false;
            }
            int classes = checker.acceptedClasses(terminals, next.acceptedMask());
            String keyword = null;
            for (int j = 0; j < terminals.length; j++) {
                if ((next.acceptedMask() & (1 << j)) != 0 && checker.grammar().isKeywordOrSymbol(terminals[j])) {
                    keyword = checker.grammar().terminalName(terminals[j]);
                }
            }
            Scope after = scope.apply(token, classes, keyword);
            if (after.rejection() != null) {
                reason = after.rejection();
                return false;
            }
            chart = next;
            scope = after;
            return true;
        }

        private String describe(SqlToken token) {
            return switch (token.type()) {
                case WORD -> "word " + token.text();
                case QUOTED -> "name " + token.text();
                case STRING -> "string " + token.text();
                case NUMBER -> "number " + token.text();
                case SYMBOL -> "'" + token.text() + "'";
            };
        }
    }
}
