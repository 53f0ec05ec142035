package dev.nl2sql.engine.llama;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.args.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** llama.cpp's own log, routed to SLF4J when a user asks for it with {@code nl2sql.nativeLog=true}. */
final class NativeLog {

    private static final Logger log = LoggerFactory.getLogger("dev.nl2sql.engine.llama.native");

    private NativeLog() {
    }

    static void toSlf4j() {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            String line = message.stripTrailing();
            switch (level) {
                case ERROR -> log.error(line);
                case WARN -> log.warn(line);
                case INFO -> log.info(line);
                default -> log.debug(line);
            }
        });
    }
}
