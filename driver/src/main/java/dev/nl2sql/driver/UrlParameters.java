package dev.nl2sql.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings in the query part of a JDBC URL ({@code jdbc:postgresql://h/db?a=1&b=2}), which pgjdbc and MariaDB
 * Connector/J read before (and over) the connection properties: a setting the driver must hold is written into the
 * URL itself.
 */
final class UrlParameters {

    private UrlParameters() {
    }

    /** The URL with every {@code key=...} (any case) removed and {@code key=value} appended. */
    static String with(String url, String key, String value) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!pair.isEmpty() && !name.strip().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                    kept.add(pair);
                }
            }
        }
        kept.add(key + "=" + value);
        return base + "?" + String.join("&", kept);
    }
}
