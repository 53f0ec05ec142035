package dev.nl2sql.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request goes to an HttpServer on 127.0.0.1; nothing here touches the internet. */
class ModelDownloaderTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private byte[] model;
    private String modelSha;
    private final AtomicInteger modelRequests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        model = new byte[3 * 1024 * 1024 + 123];
        new Random(42).nextBytes(model);
        modelSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.gguf", ex -> {
            modelRequests.incrementAndGet();
            ex.sendResponseHeaders(200, model.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < model.length; off += 65536) {
                    out.write(model, off, Math.min(65536, model.length - off));
                }
            }
        });
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/model.gguf");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/short", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, sends only half
            try (OutputStream out = ex.getResponseBody()) {
                out.write(model, 0, model.length / 2);
            }
        });
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void downloadsWithProgressAndVerifies() throws IOException {
        List<long[]> events = new ArrayList<>();
        Path target = tmp.resolve("sub/model.gguf");
        Path got = new ModelDownloader().download(url("/model.gguf"), target, modelSha, model.length, false,
                (done, total) -> events.add(new long[] {done, total}));
        assertEquals(target, got);
        assertArrayEquals(model, Files.readAllBytes(target));
        assertFalse(Files.exists(tmp.resolve("sub/model.gguf.part")));
        assertTrue(events.size() > 2, "progress events: " + events.size());
        assertEquals(0, events.get(0)[0]);
        long[] last = events.get(events.size() - 1);
        assertEquals(model.length, last[0]);
        assertEquals(model.length, last[1]);
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i)[0] >= events.get(i - 1)[0], "progress goes forward");
        }
    }

    @Test
    void followsRedirects() throws IOException {
        Path target = tmp.resolve("model.gguf");
        new ModelDownloader().download(url("/redirect"), target, modelSha, model.length, false, null);
        assertArrayEquals(model, Files.readAllBytes(target));
    }

    @Test
    void checksumMismatchLeavesNothingBehind() {
        String wrong = "0".repeat(64);
        Path target = tmp.resolve("model.gguf");
        IOException e = assertThrows(IOException.class, () ->
                new ModelDownloader().download(url("/model.gguf"), target, wrong, model.length, false, null));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains(modelSha), e.getMessage());
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void checksumMismatchKeepsAnExistingFileUntouched() throws IOException {
        Path target = Files.writeString(tmp.resolve("model.gguf"), "previous");
        assertThrows(IOException.class, () ->
                new ModelDownloader().download(url("/model.gguf"), target, "1".repeat(64), model.length, false, null));
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), list(tmp));
    }

    @Test
    void notFoundIsAClearError() {
        Path target = tmp.resolve("model.gguf");
        IOException e = assertThrows(IOException.class, () ->
                new ModelDownloader().download(url("/missing.gguf"), target, modelSha, 10, false, null));
        assertTrue(e.getMessage().startsWith("HTTP 404 for " + url("/missing.gguf")), e.getMessage());
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void sizeMismatchAnnouncedByTheServer() {
        IOException e = assertThrows(IOException.class, () -> new ModelDownloader()
                .download(url("/model.gguf"), tmp.resolve("m.gguf"), modelSha, model.length + 1, false, null));
        assertTrue(e.getMessage().contains("size mismatch"), e.getMessage());
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void shortBodyIsASizeMismatch() {
        IOException e = assertThrows(IOException.class, () -> new ModelDownloader()
                .download(url("/short"), tmp.resolve("m.gguf"), modelSha, model.length, false, null));
        assertTrue(e.getMessage().contains("size mismatch"), e.getMessage());
        assertEquals(List.of(), list(tmp));
    }

    @Test
    void refusesUnverifiedUnlessAllowed() throws IOException {
        Path target = tmp.resolve("m.gguf");
        IOException e = assertThrows(IOException.class, () ->
                new ModelDownloader().download(url("/model.gguf"), target, "", model.length, false, null));
        assertTrue(e.getMessage().contains("refusing"), e.getMessage());
        assertEquals(0, modelRequests.get(), "nothing is fetched when the download is refused");

        new ModelDownloader().download(url("/model.gguf"), target, null, model.length, true, null);
        assertArrayEquals(model, Files.readAllBytes(target));
    }

    @Test
    void catalogueEntryDownloadAndSkipWhenAlreadyVerified() throws IOException {
        ModelCatalog.Entry entry = entry(modelSha);
        Path dir = tmp.resolve("models");
        ModelDownloader d = new ModelDownloader();
        Path f = d.download(entry, dir, ModelDownloader.ProgressListener.NONE);
        assertEquals(dir.resolve("local-test.gguf"), f);
        assertArrayEquals(model, Files.readAllBytes(f));
        assertEquals(1, modelRequests.get());
        d.download(entry, dir, null);
        assertEquals(1, modelRequests.get(), "a present, verified file is not downloaded again");
    }

    @Test
    void catalogueEntryWithoutChecksumIsRefused() throws IOException {
        ModelCatalog.Entry entry = entry("");
        IOException e = assertThrows(IOException.class, () ->
                new ModelDownloader().download(entry, tmp, null));
        assertTrue(e.getMessage().contains("has no sha256"), e.getMessage());
        assertTrue(e.getMessage().contains("allowUnverified"), e.getMessage());
        Path f = new ModelDownloader().download(entry, tmp, null, true);
        assertArrayEquals(model, Files.readAllBytes(f));
    }

    private ModelCatalog.Entry entry(String sha) throws IOException {
        // the catalogue format demands https; build the entry through the parser, then point it at loopback
        String tsv = "local-test\tlocal-test.gguf\thttps://example.org/local-test.gguf\t" + model.length + "\t" + sha
                + "\tchatml\tMIT\ttest model\ttest\n";
        ModelCatalog.Entry e = ModelCatalog.parse(new StringReader(tsv), "test").find("local-test").orElseThrow();
        return new ModelCatalog.Entry(e.id(), e.fileName(), url("/model.gguf"), e.sizeBytes(), e.sha256(),
                e.chatTemplate(), e.licence(), e.description(), e.sha256Source());
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
