package dev.nl2sql.engine.llama;

import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import java.nio.file.Path;

/**
 * A separate JVM for {@link NativeLibraryTest}: "prepare START_MILLIS" waits until that moment (so that all children
 * race) and prepares the library, writing the chosen folder to standard error; "load MODELS_DIR" loads the tiny model
 * and answers one question, and must write nothing on standard output.
 */
public final class NativeLibraryChild {

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            if (args[0].equals("prepare")) {
                long start = Long.parseLong(args[1]);
                while (System.currentTimeMillis() < start) {
                    Thread.onSpinWait();
                }
                NativeLibrary.prepare();
                System.err.println("lib.path=" + System.getProperty(NativeLibrary.LIB_PATH_PROPERTY));
                System.err.println("tmpdir=" + System.getProperty(NativeLibrary.TMPDIR_PROPERTY));
            } else {
                LlamaSqlGenerator generator = LlamaModels.forSettings(LlamaSqlGeneratorTest.settings(null, 16));
                Generation g = generator.generate(new GenerationRequest("You write SQL.", "How many singers?",
                        "root ::= \"SELECT \" sel \" FROM singer\"\nsel ::= \"COUNT(*)\" | \"name\"\n",
                        GenerationControl.withTimeout(60_000)));
                System.err.println("generated=" + g.text());
                System.err.println("lib.path=" + System.getProperty(NativeLibrary.LIB_PATH_PROPERTY));
            }
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status); // java-llama.cpp 4.2.0 leaves a non-daemon native thread behind
    }
}
