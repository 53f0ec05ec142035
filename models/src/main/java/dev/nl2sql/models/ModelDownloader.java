package dev.nl2sql.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads model files: streams the body into {@code <target>.part} while hashing it, reports
 * progress, checks size and SHA-256, then moves the file into place atomically. On any failure the
 * partial file is deleted and nothing is left at the target path. Redirects are followed (Hugging
 * Face answers {@code resolve/} URLs with a redirect to its CDN).
 */
public final class ModelDownloader {

    private static final Logger log = LoggerFactory.getLogger(ModelDownloader.class);
    private static final int BUFFER = 256 * 1024;

    /** Receives progress; {@code totalBytes} is -1 when the size is not known. */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(long bytesSoFar, long totalBytes);

        ProgressListener NONE = (done, total) -> { };
    }

    private final HttpClient client;

    /** A downloader with its own HTTP client (follows redirects, 30 s connect timeout). */
    public ModelDownloader() {
        this(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build());
    }

    /** A downloader using the given client (it should follow redirects). */
    public ModelDownloader(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Downloads a catalogue model into {@code dir} as {@code dir/<entry.fileName()>}. Refuses an
     * entry without a checksum.
     */
    public Path download(ModelCatalog.Entry entry, Path dir, ProgressListener listener) throws IOException {
        return download(entry, dir, listener, false);
    }

    /**
     * Downloads a catalogue model into {@code dir}. If the file is already there with the right
     * size and checksum it is not downloaded again.
     *
     * @param allowUnverified download even if the entry has no checksum (the size is still checked)
     */
    public Path download(ModelCatalog.Entry entry, Path dir, ProgressListener listener, boolean allowUnverified)
            throws IOException {
        Objects.requireNonNull(entry, "entry");
        if (!entry.hasChecksum() && !allowUnverified) {
            throw new IOException("catalogue model " + entry.id() + " has no sha256 checksum, so its download"
                    + " cannot be verified; refusing to download it (pass allowUnverified / --allow-unverified"
                    + " to download it anyway)");
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(entry.fileName());
        if (Files.isRegularFile(target) && Files.size(target) == entry.sizeBytes() && entry.hasChecksum()) {
            String actual = sha256(target);
            if (actual.equals(entry.sha256())) {
                log.info("{} is already present and verified at {}", entry.id(), target);
                return target;
            }
            log.warn("{} exists but its sha256 is {} instead of {}; downloading it again", target, actual, entry.sha256());
        }
        return download(entry.url(), target, entry.sha256(), entry.sizeBytes(), allowUnverified, listener);
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param expectedSha256 lowercase or uppercase hex; null or empty means unknown, which is refused
     *     unless {@code allowUnverified}
     * @param expectedSize the size in bytes, or a value &lt;= 0 when unknown
     * @return {@code target}
     * @throws IOException on HTTP errors (with status and URL), size or checksum mismatch (expected
     *     and actual), or disk errors; the partial file is deleted and {@code target} is left as it was
     */
    public Path download(URI url, Path target, String expectedSha256, long expectedSize, boolean allowUnverified,
                         ProgressListener listener) throws IOException {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(target, "target");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        String expected = expectedSha256 == null ? "" : expectedSha256.trim().toLowerCase(Locale.ROOT);
        if (expected.isEmpty() && !allowUnverified) {
            throw new IOException("no sha256 checksum given for " + url
                    + "; refusing an unverified download (pass allowUnverified to accept it)");
        }
        if (!expected.isEmpty() && !expected.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expected sha256 must be 64 hex digits: " + expectedSha256);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        checkFreeSpace(dir, expectedSize);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        boolean ok = false;
        try {
            log.info("downloading {} to {}", url, target);
            HttpResponse<InputStream> response = send(url);
            long total = expectedSize > 0 ? expectedSize : -1;
            OptionalLong contentLength = response.headers().firstValueAsLong("Content-Length");
            if (contentLength.isPresent()) {
                if (expectedSize > 0 && contentLength.getAsLong() != expectedSize) {
                    response.body().close();
                    throw new IOException("size mismatch for " + url + ": the server announces "
                            + contentLength.getAsLong() + " bytes, expected " + expectedSize
                            + " (the file on the server changed, or the catalogue is out of date)");
                }
                total = contentLength.getAsLong();
            }
            String actual = copy(response.body(), part, url, expectedSize, total, progress);
            long got = Files.size(part);
            if (expectedSize > 0 && got != expectedSize) {
                throw new IOException("size mismatch for " + url + ": received " + got + " bytes, expected "
                        + expectedSize + " (the connection was probably cut; try again)");
            }
            if (!expected.isEmpty() && !expected.equals(actual)) {
                throw new IOException("checksum mismatch for " + url + ": expected sha256 " + expected
                        + " but the downloaded file has " + actual + " (the file is damaged or was replaced"
                        + " on the server; it was deleted)");
            }
            if (expected.isEmpty()) {
                log.warn("{} was downloaded WITHOUT checksum verification (sha256 {})", target, actual);
            }
            moveIntoPlace(part, target);
            ok = true;
            log.info("downloaded {} ({} bytes, sha256 {})", target, got, actual);
            return target;
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    log.warn("could not delete the partial file {}: {}", part, e.toString());
                }
            }
        }
    }

    private HttpResponse<InputStream> send(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", "nl2sql-models")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + url + " was interrupted");
        } catch (IOException e) {
            throw new IOException("cannot download " + url + ": " + e, e);
        }
        int status = response.statusCode();
        if (status != 200) {
            response.body().close();
            URI finalUrl = response.uri();
            String where = finalUrl.equals(url) ? url.toString() : url + " (redirected to " + finalUrl + ")";
            String hint = switch (status) {
                case 401, 403 -> ": the file needs a login or licence acceptance on the website;"
                        + " download it in a browser and put it in the models folder";
                case 404 -> ": no such file on the server; the catalogue entry may be out of date";
                default -> status >= 500 ? ": the server has a problem; try again later" : "";
            };
            throw new IOException("HTTP " + status + " for " + where + hint);
        }
        return response;
    }

    private static String copy(InputStream body, Path part, URI url, long expectedSize, long total,
                               ProgressListener progress) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buf = new byte[BUFFER];
        long done = 0;
        try (InputStream in = body) {
            OutputStream out;
            try {
                out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new IOException("cannot create " + part + " (is the directory writable?): " + e, e);
            }
            try (out) {
                progress.onProgress(0, total);
                while (true) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException e) {
                        throw new IOException("download of " + url + " failed after " + done + " bytes: " + e, e);
                    }
                    if (n < 0) {
                        break;
                    }
                    done += n;
                    if (expectedSize > 0 && done > expectedSize) {
                        throw new IOException("size mismatch for " + url + ": the server sent more than the"
                                + " expected " + expectedSize + " bytes");
                    }
                    sha.update(buf, 0, n);
                    try {
                        out.write(buf, 0, n);
                    } catch (IOException e) {
                        throw new IOException("cannot write " + part + " after " + (done - n)
                                + " bytes (is the disk full or read-only?): " + e, e);
                    }
                    progress.onProgress(done, total);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void checkFreeSpace(Path dir, long expectedSize) throws IOException {
        if (expectedSize <= 0) {
            return;
        }
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return; // not knowable here; a full disk still fails clearly while writing
        }
        if (usable < expectedSize) {
            throw new IOException("not enough disk space in " + dir + ": the model needs " + expectedSize
                    + " bytes, " + usable + " are free; free some space or choose another directory");
        }
    }

    /** The lowercase hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
