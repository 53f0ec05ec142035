package dev.nl2sql.driver;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A {@code jdbc:nl2sql:<inner>} URL, where {@code <inner>} is any complete JDBC URL, with or without its own
 * {@code jdbc:} prefix: {@code jdbc:nl2sql:h2:mem:demo} and {@code jdbc:nl2sql:jdbc:h2:mem:demo} are the same.
 */
public record Nl2SqlUrl(String url, String delegateUrl) {

    public static final String PREFIX = "jdbc:nl2sql:";

    private static final Pattern SUBPROTOCOL = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*", Pattern.DOTALL);
    private static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pwd|secret)=([^&;:]*)");

    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    public static Nl2SqlUrl parse(String url) throws SQLException {
        if (!accepts(url)) {
            throw Errors.unableToConnect("Not an nl2sql URL: '" + redact(url) + "'. Write " + PREFIX
                    + "<JDBC URL of your database>, for example " + PREFIX + "h2:mem:demo.");
        }
        String inner = url.substring(PREFIX.length()).strip();
        if (inner.regionMatches(true, 0, "jdbc:", 0, 5)) {
            inner = "jdbc:" + inner.substring(5);
        } else {
            inner = "jdbc:" + inner;
        }
        String rest = inner.substring("jdbc:".length());
        if (!SUBPROTOCOL.matcher(rest).matches()) {
            throw Errors.unableToConnect("The URL '" + redact(url) + "' names no database after " + PREFIX
                    + ". Append the JDBC URL of your database, for example " + PREFIX
                    + "postgresql://127.0.0.1:5432/mydb or " + PREFIX + "sqlite:/path/to/file.db.");
        }
        if (rest.startsWith("nl2sql:")) {
            throw Errors.unableToConnect("The URL '" + redact(url) + "' wraps nl2sql in itself. Write "
                    + PREFIX + " once, followed by the JDBC URL of your database.");
        }
        return new Nl2SqlUrl(url, inner);
    }

    /** The URL with password-like parameters masked, for messages and logs. */
    public static String redact(String url) {
        return url == null ? "null" : SECRET.matcher(url).replaceAll("$1=***");
    }
}
