package dev.nl2sql.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The catalogue of models that nl2sql knows how to download: the resource
 * {@code dev/nl2sql/models/catalog.tsv}, one model a line, nine tab-separated columns
 * (id, file, url, size_bytes, sha256, chat_template, licence, description, sha256_source).
 */
public final class ModelCatalog {

    /** Name of the built-in catalogue resource. */
    public static final String RESOURCE = "/dev/nl2sql/models/catalog.tsv";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final int COLUMNS = 9;
    private static volatile ModelCatalog builtIn;

    /** The chat template family a model's prompts are written in. */
    public enum ChatTemplate {
        LLAMA3, CHATML, GEMMA;

        static ChatTemplate parse(String s) {
            for (ChatTemplate t : values()) {
                if (t.name().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown chat template family '" + s + "' (llama3, chatml, gemma)");
        }

        /** The name as written in the catalogue: llama3, chatml, gemma. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One catalogue model.
     *
     * @param sha256 lowercase hex SHA-256 of the file, or "" when not known
     * @param sha256Source where the hash and size were found (public material)
     */
    public record Entry(String id, String fileName, URI url, long sizeBytes, String sha256,
                        ChatTemplate chatTemplate, String licence, String description, String sha256Source) {

        /** Whether the catalogue has a checksum for this model. */
        public boolean hasChecksum() {
            return !sha256.isEmpty();
        }
    }

    private final Map<String, Entry> entries;

    private ModelCatalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The catalogue shipped in this jar (parsed once). */
    public static ModelCatalog builtIn() {
        ModelCatalog c = builtIn;
        if (c == null) {
            try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("catalogue resource " + RESOURCE + " is missing from the classpath");
                }
                c = parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in model catalogue " + RESOURCE, e);
            }
            builtIn = c;
        }
        return c;
    }

    /**
     * Parses a catalogue in the TSV format described on this class.
     *
     * @param source a name for the input, used in error messages
     * @throws IOException if reading fails or a line is malformed (the message names the line)
     */
    public static ModelCatalog parse(Reader reader, String source) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != COLUMNS) {
                throw new IOException(source + ":" + lineNo + ": expected " + COLUMNS
                        + " tab-separated columns, found " + f.length);
            }
            try {
                Entry e = entry(f);
                if (entries.putIfAbsent(e.id(), e) != null) {
                    throw new IllegalArgumentException("duplicate id '" + e.id() + "'");
                }
            } catch (IllegalArgumentException | URISyntaxException e) {
                throw new IOException(source + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new ModelCatalog(entries);
    }

    private static Entry entry(String[] f) throws URISyntaxException {
        String id = f[0].trim();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad id '" + id + "' (lowercase letters, digits, . _ -)");
        }
        String file = f[1].trim();
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || !file.endsWith(".gguf")) {
            throw new IllegalArgumentException("bad file name '" + file + "' for " + id + " (a plain *.gguf name)");
        }
        URI url = new URI(f[2].trim());
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("url of " + id + " must be an https URL: " + url);
        }
        long size;
        try {
            size = Long.parseLong(f[3].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size of " + id + " is not a number: '" + f[3] + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size of " + id + " must be positive: " + size);
        }
        String sha = f[4].trim().toLowerCase(Locale.ROOT);
        if (!sha.isEmpty() && !SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("sha256 of " + id + " must be 64 hex digits or empty: '" + f[4] + "'");
        }
        return new Entry(id, file, url, size, sha, ChatTemplate.parse(f[5].trim()), f[6].trim(),
                f[7].trim(), f[8].trim());
    }

    /** All entries, in catalogue order. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The entry with this id (case-insensitive), if any. */
    public Optional<Entry> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(entries.get(id.trim().toLowerCase(Locale.ROOT)));
    }
}
