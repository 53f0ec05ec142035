package dev.nl2sql.engine;

/** What a generator wrote, and what it cost. */
public record Generation(String text, int promptTokens, int generatedTokens, long millis) {
}
