package dev.nl2sql.engine.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.LlamaModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private, versioned copy of java-llama.cpp's native library: concurrent starts, damage, the user's setting. */
class NativeLibraryTest {

    private static final String FILE = System.mapLibraryName("jllama");

    @TempDir
    Path temp;

    @Test
    void concurrentStartsInSeparateJvmsAllGetTheSameFile() throws Exception {
        Path base = temp.resolve("native");
        long start = System.currentTimeMillis() + 3_000; // every child is up and spinning by then
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(child(List.of("-Dnl2sql.nativeDir=" + base), "prepare", Long.toString(start)).start());
        }
        Set<String> folders = new HashSet<>();
        for (Process child : children) {
            Result result = Result.of(child);
            assertEquals(0, result.status, result.stderr);
            assertEquals("", result.stdout);
            folders.add(line(result.stderr, "lib.path="));
        }
        assertEquals(1, folders.size(), folders.toString());
        Path folder = Path.of(folders.iterator().next());
        assertTrue(folder.startsWith(base), folder.toString());
        assertTrue(folder.getParent().getFileName().toString().startsWith("jllama-4.2.0-"), folder.toString());
        assertTrue(NativeLibraryFiles.hasDigest(folder.resolve(FILE), bundledSha256()));
        assertEquals(List.of(FILE), names(folder), "no temporary files left behind");
    }

    @Test
    void manyThreadsPreparingAtOnceAllSucceedWithIdenticalFiles() throws Exception {
        Path base = temp.resolve("native");
        int threads = 12;
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Path> task = () -> {
                    ready.countDown();
                    ready.await();
                    return NativeLibrary.install(base); // no JVM lock inside: only the file protocol keeps them apart
                };
                results.add(pool.submit(task));
            }
            Set<Path> folders = new HashSet<>();
            for (Future<Path> result : results) {
                folders.add(result.get(120, TimeUnit.SECONDS));
            }
            assertEquals(1, folders.size());
            Path folder = folders.iterator().next();
            assertTrue(NativeLibraryFiles.hasDigest(folder.resolve(FILE), bundledSha256()));
            assertEquals(List.of(FILE), names(folder));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedCopyIsReplaced() throws Exception {
        Path base = temp.resolve("native");
        Path folder = NativeLibrary.install(base);
        Path library = folder.resolve(FILE);
        byte[] whole = Files.readAllBytes(library);

        Files.write(library, java.util.Arrays.copyOf(whole, whole.length / 2)); // a start that crashed mid-write
        assertEquals(folder, NativeLibrary.install(base));
        assertTrue(NativeLibraryFiles.hasDigest(library, bundledSha256()));

        byte[] flipped = whole.clone();
        flipped[flipped.length / 3] ^= 1; // same length, wrong content
        Files.write(library, flipped);
        assertEquals(folder, NativeLibrary.install(base));
        assertTrue(NativeLibraryFiles.hasDigest(library, bundledSha256()));
    }

    @Test
    void aCorrectCopyIsUsedAsItIs() throws Exception {
        Path base = temp.resolve("native");
        Path library = NativeLibrary.install(base).resolve(FILE);
        var before = Files.readAttributes(library, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        NativeLibrary.install(base);
        var after = Files.readAttributes(library, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertEquals(before, after, "not rewritten");
    }

    @Test
    void installWritesExactlyTheGivenContent() throws Exception {
        byte[] content = "not really a library".getBytes(StandardCharsets.UTF_8);
        Path file = NativeLibraryFiles.install(temp, "lib.so", content, NativeLibraryFiles.sha256(content));
        assertEquals(new String(content, StandardCharsets.UTF_8), Files.readString(file));
    }

    @Test
    void theUsersLibraryPathWins() throws Exception {
        Path base = temp.resolve("native");
        Path custom = temp.resolve("cuda");
        Result result = Result.of(child(List.of("-Dnl2sql.nativeDir=" + base, "-Dde.kherud.llama.lib.path=" + custom),
                "prepare", "0").start());
        assertEquals(0, result.status, result.stderr);
        assertEquals(custom.toString(), line(result.stderr, "lib.path="));
        assertFalse(Files.exists(base), "nothing unpacked when the user names the library");
    }

    @Test
    void theUsersSettingsAreNotOverwritten() {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty(NativeLibrary.LIB_PATH_PROPERTY, "/opt/jllama-cuda");
            System.clearProperty(NativeLibrary.TMPDIR_PROPERTY);
            NativeLibrary.use(temp);
            assertEquals("/opt/jllama-cuda", System.getProperty(NativeLibrary.LIB_PATH_PROPERTY));
            assertEquals(temp.toString(), System.getProperty(NativeLibrary.TMPDIR_PROPERTY));
        } finally {
            System.setProperties(saved);
        }
    }

    @Test
    void loadingTheTinyModelPrintsNothingOnStandardOutput() throws Exception {
        Path base = temp.resolve("native");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Result result = Result.of(child(List.of("-Dnl2sql.nativeDir=" + base, "-Djava.io.tmpdir=" + tmp), "load")
                .start());
        assertEquals(0, result.status, result.stderr);
        assertEquals("", result.stdout);
        assertTrue(line(result.stderr, "generated=").startsWith("SELECT "), result.stderr);
        assertTrue(Path.of(line(result.stderr, "lib.path=")).startsWith(base), result.stderr);
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("jllama")),
                    "nothing unpacked into the shared temporary folder");
        }
    }

    private static ProcessBuilder child(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NativeLibraryChild.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private record Result(int status, String stdout, String stderr) {
        static Result of(Process process) throws Exception {
            // both streams read at once so that a full pipe cannot block the child
            Future<byte[]> err = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            }).submit(() -> process.getErrorStream().readAllBytes());
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child finished");
            return new Result(process.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
        }
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in:\n" + text));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String bundledSha256() throws IOException {
        try (InputStream in = LlamaModel.class.getResourceAsStream(
                "/de/kherud/llama/" + NativeLibrary.platformFolder() + "/" + FILE)) {
            return NativeLibraryFiles.sha256(in.readAllBytes());
        }
    }
}
