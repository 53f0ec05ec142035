package dev.nl2sql.engine.t5;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.SqlGenerator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The way into the T5 engine. DJL, its PyTorch engine and JNI bridge, and the Hugging Face tokenizers are optional
 * dependencies of the engine: the driver's one jar leaves them out (their natives would more than double it for
 * users who never run T5), and the T5 add-on jar brings them. This class names no DJL type, so it loads without
 * them; it looks for them by name before any class that does name them is touched, turning a missing add-on into an
 * SQLException instead of a NoClassDefFoundError deep in a question.
 */
public final class T5Addon {

    /** The add-on's file name, as the build makes it (t5-addon/target) and the README tells users to add it. */
    public static final String JAR = "nl2sql-t5-addon-" + version() + "-all.jar";

    /** One class or resource from each library of the add-on: the artifact that brings it, and the name. */
    private static final String[][] PARTS = {
        {"ai.djl:api", "ai/djl/engine/Engine.class"},
        {"ai.djl.pytorch:pytorch-engine", "ai/djl/pytorch/engine/PtEngineProvider.class"},
        {"ai.djl.pytorch:pytorch-jni", "jnilib/pytorch.properties"},
        {"ai.djl.huggingface:tokenizers", "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class"},
    };

    private T5Addon() {
    }

    /** The version in the add-on's name: this jar's, when its manifest says (the shaded jar's does not always). */
    private static String version() {
        String version = T5Addon.class.getPackage().getImplementationVersion();
        return version == null ? "<version>" : version;
    }

    /** The artifacts of the add-on that this class loader cannot see; empty when T5 can run. */
    public static List<String> missing() {
        ClassLoader loader = T5Addon.class.getClassLoader();
        List<String> missing = new ArrayList<>();
        for (String[] part : PARTS) {
            if (loader.getResource(part[1]) == null) {
                missing.add(part[0]);
            }
        }
        return missing;
    }

    /** The T5 generator for these settings, once the add-on is known to be there. */
    public static SqlGenerator generator(EngineSettings settings) throws SQLException {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw EngineException.general("nl2sql.engine=t5 needs the T5 add-on, which is not on the class path ("
                    + String.join(", ", missing) + " missing). Add " + JAR + " beside the driver jar (in DBeaver: "
                    + "to the same driver definition's libraries), or, in a Maven build, the dependency "
                    + "dev.nl2sql:nl2sql-t5-addon; PyTorch's own library comes from "
                    + "ai.djl.pytorch:pytorch-native-cpu (README, T5 engine). The llama engine needs none of it.");
        }
        // DJL finds its engine (a ServiceLoader) and its native libraries through the thread's context class loader.
        // A host such as DBeaver sets one that cannot see the driver's jars, so the load runs with ours.
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(T5Addon.class.getClassLoader());
        try {
            return T5Models.forSettings(settings);
        } catch (LinkageError e) {
            // The libraries are there but are not the ones this driver was built with (another DJL release).
            throw EngineException.general("The T5 add-on on the class path does not match this driver (" + e
                    + "). Use " + JAR + " from the same nl2sql build as the driver jar, and no other DJL jars.", e);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
