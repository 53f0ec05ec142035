package dev.nl2sql.engine.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a file with known content in a folder so that any number of processes, threads and class loaders doing the
 * same at once all end with that exact file: each writes its own temporary file and renames it over the target
 * (a rename is atomic, so no one ever sees a partly written library), and a file already there is used only when its
 * SHA-256 matches, so a copy truncated by a crashed start is replaced.
 */
final class NativeLibraryFiles {

    private static final Logger log = LoggerFactory.getLogger(NativeLibraryFiles.class);

    /** Temporary files older than this are left over from a crashed start, not another start still writing. */
    private static final Duration STALE_PART = Duration.ofHours(1);

    private NativeLibraryFiles() {
    }

    /** Returns {@code dir/fileName} with exactly {@code content}, whose SHA-256 is {@code sha256}. */
    static Path install(Path dir, String fileName, byte[] content, String sha256) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        if (hasDigest(target, sha256)) {
            return target;
        }
        if (Files.exists(target)) {
            log.warn("Replacing {}: its content is not the expected library (SHA-256 {}), a damaged copy", target,
                    sha256);
        }
        removeStaleParts(dir, fileName);
        // Starts with a dot so that java-llama.cpp's clean-up, which deletes "jllama*" and "llama*", leaves it alone.
        Path part = Files.createTempFile(dir, "." + fileName + "-", ".part");
        try {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true); // on disk before the rename makes it visible: a crash cannot leave a short library
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Windows refuses to replace a library another process has loaded; that one is fine if it matches.
                if (!hasDigest(target, sha256)) {
                    throw e;
                }
            }
        } finally {
            Files.deleteIfExists(part);
        }
        if (!hasDigest(target, sha256)) {
            throw new IOException(target + " does not hold the expected content after it was written");
        }
        log.debug("Wrote {} ({} bytes, SHA-256 {})", target, content.length, sha256);
        return target;
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    static boolean hasDigest(Path file, String sha256) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        return HexFormat.of().formatHex(digest.digest()).equals(sha256);
    }

    private static void removeStaleParts(Path dir, String fileName) {
        Instant staleBefore = Instant.now().minus(STALE_PART);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "." + fileName + "-*.part")) {
            for (Path part : parts) {
                FileTime modified = Files.getLastModifiedTime(part);
                if (modified.toInstant().isBefore(staleBefore)) {
                    Files.deleteIfExists(part);
                }
            }
        } catch (IOException e) {
            log.debug("Could not remove old temporary files in {}: {}", dir, e.toString());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
