package dev.nl2sql.engine.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL in a chat answer. Under a grammar the answer is the query itself; a server that takes no grammar may wrap it
 * in a Markdown code fence or add words around it, and only the query is wanted.
 */
final class SqlText {

    private static final Pattern FENCE = Pattern.compile("```(?:sql)?\\s*(.*?)```", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern QUERY_START = Pattern.compile("\\b(SELECT|WITH)\\b", Pattern.CASE_INSENSITIVE);

    private SqlText() {
    }

    static String extract(String answer) {
        String text = answer.strip();
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            text = fence.group(1).strip();
        }
        Matcher start = QUERY_START.matcher(text);
        if (start.find() && start.start() > 0) {
            text = text.substring(start.start());
        }
        return text;
    }
}
