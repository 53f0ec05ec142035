package dev.nl2sql.driver;

import dev.nl2sql.engine.Conversation;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The conversation of one connection: its last answered questions and the checked SQL that ran for each, bounded by
 * nl2sql.conversationTurns and nl2sql.conversationChars. Statements of the connection may ask at the same time, so
 * each question reads one consistent snapshot ({@link #context}) and adds its turn in one step once answered.
 */
final class ConversationLog {

    private final int maxTurns;
    private final int maxChars;
    private final Deque<NlConversation.Turn> turns = new ArrayDeque<>();
    /** Questions answered since the conversation began: the number of the next turn, less one. */
    private int answered;

    ConversationLog(SessionSettings.ConversationSettings settings) {
        this.maxTurns = settings.turns();
        this.maxChars = settings.chars();
    }

    /**
     * What the next question's prompt holds: the most recent turns whose questions and SQL fit nl2sql.conversationChars
     * together, oldest first. A turn too long for what is left ends it: older turns would skip a step of the thread.
     */
    synchronized Conversation context() {
        return context(false);
    }

    /**
     * What an explanation of {@code question} sees: when it is the question just answered, the conversation that
     * answer saw (without itself), so that explaining the newest answer shows how it was written; otherwise
     * {@link #context()}.
     */
    synchronized Conversation contextToExplain(String question) {
        NlConversation.Turn newest = turns.peekLast();
        return context(newest != null && newest.question().strip().equals(question.strip()));
    }

    private Conversation context(boolean skipNewest) {
        List<Conversation.Turn> kept = new ArrayList<>();
        int chars = 0;
        var it = turns.descendingIterator();
        if (skipNewest && it.hasNext()) {
            it.next();
        }
        while (it.hasNext()) {
            NlConversation.Turn turn = it.next();
            chars += turn.question().length() + turn.sql().length();
            if (chars > maxChars) {
                break;
            }
            kept.add(0, new Conversation.Turn(turn.question(), turn.sql()));
        }
        return new Conversation(kept);
    }

    /** An answered question joins the conversation; the oldest turn leaves once there are nl2sql.conversationTurns. */
    synchronized void add(String question, String sql) {
        answered++;
        turns.addLast(new NlConversation.Turn(answered, question, sql, Instant.now(), false));
        while (turns.size() > maxTurns) {
            turns.removeFirst();
        }
    }

    /** Starts afresh: how many turns were forgotten. */
    synchronized int clear() {
        int forgotten = turns.size();
        turns.clear();
        answered = 0;
        return forgotten;
    }

    /** The turns remembered, oldest first, each marked with whether the next question's prompt holds it. */
    synchronized List<NlConversation.Turn> turns() {
        int inPrompt = context().turns().size();
        List<NlConversation.Turn> out = new ArrayList<>(turns.size());
        int i = 0;
        for (NlConversation.Turn turn : turns) {
            out.add(turn.inPrompt(i++ >= turns.size() - inPrompt));
        }
        return out;
    }
}
