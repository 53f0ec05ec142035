package dev.nl2sql.engine.llama;

import de.kherud.llama.LlamaModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives java-llama.cpp its native library from a private, versioned folder instead of letting it unpack one into the
 * temporary folder shared by every process and user. Left to itself, java-llama.cpp 4.2.0 writes
 * {@code <tmp>/libjllama.so} in place (a second process starting at the same moment loads a half-written file and
 * fails with "No native library found"), first deletes every {@code jllama*} and {@code llama*} file there, and prints
 * "Extracted ..." on the host program's standard output.
 *
 * <p>Before the first model load the library for this platform is copied out of the java-llama.cpp jar into
 * {@code <nativeDir>/jllama-<version>-<sha256 prefix>/<os>-<arch>/} (see {@link NativeLibraryFiles} for how concurrent
 * starts agree), and {@code de.kherud.llama.lib.path}, the first place java-llama.cpp looks, is set to that folder.
 * A value the user set wins (a CUDA build, as the README describes), and so does a user's
 * {@code de.kherud.llama.tmpdir}; otherwise that is set to the same private folder so that the clean-up touches
 * nothing of anyone else's.
 */
final class NativeLibrary {

    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);

    static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";
    static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    /** Where nl2sql keeps native libraries: system property, then environment, then {@code ~/.cache/nl2sql/native}. */
    static final String NATIVE_DIR_PROPERTY = "nl2sql.nativeDir";
    static final String NATIVE_DIR_ENV = "NL2SQL_NATIVE_DIR";

    private static final String RESOURCE_ROOT = "/de/kherud/llama/";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static boolean prepared;

    private NativeLibrary() {
    }

    /**
     * Once per class loader, before anything touches {@link LlamaModel}'s static initialiser (which loads the
     * library). Never fails: when the library cannot be prepared, java-llama.cpp's own search runs as before.
     */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(LIB_PATH_PROPERTY) != null) {
            log.debug("{} is set to {}: using that native library", LIB_PATH_PROPERTY,
                    System.getProperty(LIB_PATH_PROPERTY));
            return;
        }
        try {
            Path folder = install(baseDir());
            if (folder != null) {
                use(folder);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not prepare the llama.cpp native library in a private folder ({}); java-llama.cpp will "
                    + "unpack it into the temporary folder itself", e.toString());
        }
    }

    /** Sets the properties java-llama.cpp reads, each only if the user has not. */
    static void use(Path folder) {
        System.getProperties().putIfAbsent(LIB_PATH_PROPERTY, folder.toString());
        System.getProperties().putIfAbsent(TMPDIR_PROPERTY, folder.toString());
    }

    /**
     * Copies this platform's library into its versioned folder under {@code base} and returns that folder, or null
     * when the jar has no library for this platform (java-llama.cpp then reports that itself).
     */
    static Path install(Path base) throws IOException {
        String platform = platformFolder();
        String fileName = System.mapLibraryName("jllama");
        byte[] content;
        try (InputStream in = LlamaModel.class.getResourceAsStream(RESOURCE_ROOT + platform + "/" + fileName)) {
            if (in == null) {
                log.debug("java-llama.cpp has no bundled library for {}", platform);
                return null;
            }
            content = in.readAllBytes();
        }
        String sha256 = NativeLibraryFiles.sha256(content);
        Path folder = base.resolve("jllama-" + version() + "-" + sha256.substring(0, 16))
                .resolve(platform.replace('/', '-'));
        NativeLibraryFiles.install(folder, fileName, content, sha256);
        return folder;
    }

    /** The folder java-llama.cpp itself would pick, e.g. {@code Linux/x86_64}: it knows musl and Android apart. */
    static String platformFolder() {
        try {
            Class<?> osInfo = Class.forName("de.kherud.llama.OSInfo", false, LlamaModel.class.getClassLoader());
            Method folder = osInfo.getDeclaredMethod("getNativeLibFolderPathForCurrentOS");
            folder.setAccessible(true);
            return (String) folder.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not the 4.2.0 API any more: the plain names cover the platforms the jar ships for desktops and servers.
            log.debug("OSInfo not usable ({}); naming the platform from os.name and os.arch", e.toString());
            String os = System.getProperty("os.name", "");
            String name = os.startsWith("Windows") ? "Windows" : os.startsWith("Mac") ? "Mac" : "Linux";
            String arch = System.getProperty("os.arch", "");
            return name + "/" + (arch.equals("amd64") ? "x86_64" : arch);
        }
    }

    static String version() {
        try (InputStream in = LlamaModel.class.getResourceAsStream("/META-INF/maven/de.kherud/llama/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && version.matches("[A-Za-z0-9._-]+")) {
                    return version;
                }
            }
        } catch (IOException e) {
            log.debug("No java-llama.cpp version: {}", e.toString());
        }
        return "unknown"; // the hash in the folder name still tells builds apart
    }

    /** nl2sql's own folder for native libraries, or a private one in the temporary folder when home is not usable. */
    static Path baseDir() throws IOException {
        String configured = System.getProperty(NATIVE_DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(NATIVE_DIR_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        Path home = Path.of(System.getProperty("user.home"), ".cache", "nl2sql", "native");
        try {
            Files.createDirectories(home);
            if (Files.isWritable(home)) {
                return home;
            }
        } catch (IOException e) {
            log.debug("{} is not usable: {}", home, e.toString());
        }
        return privateTempDir();
    }

    /** {@code <tmp>/nl2sql-native-<user>}, only this user's (0700) where the file system has owners. */
    private static Path privateTempDir() throws IOException {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "nl2sql-native-" + user);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            return Files.createDirectories(dir);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // made before: fine only if it is ours and closed to others, else another user could swap the library
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            throw new IOException(dir + " is not a folder private to this user");
        }
        return dir;
    }
}
