package dev.nl2sql.examples.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * A script from a WebJar on the class path ({@code META-INF/resources/webjars/ARTIFACT/VERSION/FILE}), found through
 * the WebJar's own {@code pom.properties} so that the version is written only in the pom. Read and gzipped once, on
 * first use: Plotly's file is 11 MB as text and about a third of that gzipped.
 */
final class WebJarScript {

    private final String group;
    private final String artifact;
    private final String file;
    private volatile byte[] plain;
    private volatile byte[] gzipped;

    WebJarScript(String group, String artifact, String file) {
        this.group = group;
        this.artifact = artifact;
        this.file = file;
    }

    /** The script as it is; null when the WebJar is not on the class path. */
    byte[] plain() {
        if (plain == null) {
            plain = read();
        }
        return plain;
    }

    /** The script gzipped; null when the WebJar is not on the class path. */
    byte[] gzipped() {
        if (gzipped == null) {
            byte[] bytes = plain();
            if (bytes == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            gzipped = out.toByteArray();
        }
        return gzipped;
    }

    private byte[] read() {
        try (InputStream pom = WebJarScript.class.getResourceAsStream(
                "/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (pom == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(pom);
            String path = "/META-INF/resources/webjars/" + artifact + "/" + properties.getProperty("version") + "/"
                    + file;
            try (InputStream in = WebJarScript.class.getResourceAsStream(path)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
