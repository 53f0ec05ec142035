package dev.nl2sql.models;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the driver property {@code nl2sql.model} into a model file: either a path to a .gguf file
 * or the id of a catalogue model that has been downloaded into the models folder.
 */
public final class ModelResolver {

    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);

    /** System property naming the models folder. */
    public static final String MODELS_DIR_PROPERTY = "nl2sql.modelsDir";
    /** Environment variable naming the models folder. */
    public static final String MODELS_DIR_ENV = "NL2SQL_MODELS_DIR";

    private ModelResolver() {
    }

    /**
     * The models folder: system property {@code nl2sql.modelsDir}, else environment variable
     * {@code NL2SQL_MODELS_DIR}, else {@code ~/.cache/nl2sql/models}.
     */
    public static Path defaultModelsDir() {
        String p = System.getProperty(MODELS_DIR_PROPERTY);
        if (p != null && !p.isBlank()) {
            return expandHome(p.trim());
        }
        String e = System.getenv(MODELS_DIR_ENV);
        if (e != null && !e.isBlank()) {
            return expandHome(e.trim());
        }
        return Path.of(System.getProperty("user.home"), ".cache", "nl2sql", "models");
    }

    /** {@link #resolve(String, Path)} with {@link #defaultModelsDir()}. */
    public static Path resolve(String modelSetting) throws ModelNotFoundException {
        return resolve(modelSetting, defaultModelsDir());
    }

    /**
     * Resolves a model setting.
     *
     * <ul>
     *   <li>an existing file path ({@code ~/} allowed) → that file;
     *   <li>a catalogue id → {@code <modelsDir>/<file name>} if it has been downloaded;
     *   <li>the name of a file inside {@code modelsDir} → that file.
     * </ul>
     *
     * @throws ModelNotFoundException otherwise; for a catalogue model that is not downloaded yet the
     *     message gives the exact download command
     */
    public static Path resolve(String modelSetting, Path modelsDir) throws ModelNotFoundException {
        if (modelSetting == null || modelSetting.isBlank()) {
            throw new ModelNotFoundException("no model given. " + howToName(modelsDir));
        }
        String setting = modelSetting.trim();
        ModelCatalog catalog = ModelCatalog.builtIn();
        var entry = catalog.find(setting);
        if (entry.isPresent()) {
            Path file = modelsDir.resolve(entry.get().fileName());
            if (Files.isRegularFile(file)) {
                log.debug("model {} resolved to {}", setting, file);
                return file;
            }
            throw new ModelNotFoundException("model '" + entry.get().id() + "' is in the catalogue but has not been"
                    + " downloaded: " + file + " does not exist. Download it ("
                    + humanSize(entry.get().sizeBytes()) + ") with:\n  java -jar nl2sql-models.jar download "
                    + entry.get().id() + " --dir " + modelsDir.toAbsolutePath());
        }
        Path path;
        try {
            path = expandHome(setting);
        } catch (InvalidPathException e) {
            throw new ModelNotFoundException("'" + setting + "' is neither a catalogue model nor a valid path. "
                    + howToName(modelsDir));
        }
        if (Files.isRegularFile(path)) {
            return path.toAbsolutePath();
        }
        if (Files.isDirectory(path)) {
            throw new ModelNotFoundException("'" + setting + "' is a directory; name the .gguf file inside it. "
                    + howToName(modelsDir));
        }
        if (!path.isAbsolute() && path.getNameCount() == 1) {
            Path inDir = modelsDir.resolve(setting);
            if (Files.isRegularFile(inDir)) {
                return inDir.toAbsolutePath();
            }
        }
        boolean looksLikePath = setting.endsWith(".gguf") || setting.contains("/") || setting.contains("\\");
        String what = looksLikePath
                ? "model file '" + setting + "' does not exist (looked at " + path.toAbsolutePath()
                        + (path.getNameCount() == 1 ? " and " + modelsDir.resolve(setting).toAbsolutePath() : "")
                        + "). "
                : "'" + setting + "' is not a model in the catalogue and not a file. ";
        throw new ModelNotFoundException(what + howToName(modelsDir));
    }

    private static String howToName(Path modelsDir) {
        String ids = ModelCatalog.builtIn().entries().stream()
                .map(ModelCatalog.Entry::id).collect(Collectors.joining(", "));
        return "Set nl2sql.model to the path of a .gguf file, or to a catalogue id (" + ids
                + ") downloaded with 'java -jar nl2sql-models.jar download <id>' into " + modelsDir.toAbsolutePath()
                + " (list them with 'java -jar nl2sql-models.jar list').";
    }

    static Path expandHome(String p) {
        if (p.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (p.startsWith("~/") || p.startsWith("~\\")) {
            return Path.of(System.getProperty("user.home"), p.substring(2));
        }
        return Path.of(p);
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
