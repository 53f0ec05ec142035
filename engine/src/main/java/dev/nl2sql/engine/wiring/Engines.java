package dev.nl2sql.engine.wiring;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.SqlGenerator;
import dev.nl2sql.engine.Translator;
import dev.nl2sql.engine.llama.LlamaModels;
import dev.nl2sql.engine.replay.ReplaySqlGenerator;
import dev.nl2sql.engine.server.ServerSqlGenerator;
import dev.nl2sql.engine.t5.T5Addon;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the generator that {@code nl2sql.engine} names and keeps one translator per settings, so connections with
 * the same settings share the model and the per-schema grammar and checker caches.
 *
 * <p>A package of its own: it knows every generator package, and those know the engine's core package, so the core
 * cannot hold it without a package cycle.
 */
public final class Engines {

    private static final Map<EngineSettings, Translator> TRANSLATORS = new ConcurrentHashMap<>();

    private Engines() {
    }

    public static Translator translator(EngineSettings settings) throws SQLException {
        Translator existing = TRANSLATORS.get(settings);
        if (existing != null && existing.isUsable()) {
            return existing;
        }
        synchronized (TRANSLATORS) {
            existing = TRANSLATORS.get(settings);
            if (existing != null && existing.isUsable()) {
                return existing;
            }
            Translator created = new Translator(generator(settings), settings);
            TRANSLATORS.put(settings, created);
            return created;
        }
    }

    private static SqlGenerator generator(EngineSettings settings) throws SQLException {
        String engine = settings.engine() == null ? "llama" : settings.engine().toLowerCase(Locale.ROOT);
        return switch (engine) {
            case "llama" -> LlamaModels.forSettings(settings);
            case "server" -> new ServerSqlGenerator(settings);
            case "replay" -> ReplaySqlGenerator.load(settings.replayFile());
            case "t5" -> T5Addon.generator(settings); // checks for the add-on before any DJL class loads
            default -> throw EngineException.general("Unknown engine '" + settings.engine() + "' in nl2sql.engine. "
                    + "Use llama (a local GGUF model), t5 (a PICARD T5 checkpoint through PyTorch), server (an "
                    + "OpenAI-compatible model server) or replay (a file of question<TAB>SQL lines).");
        };
    }
}
