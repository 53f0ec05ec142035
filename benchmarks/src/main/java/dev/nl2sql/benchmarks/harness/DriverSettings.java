package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.driver.DriverProperty;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The driver properties a harness run passes on its connections: given as {@code -Dnl2sql.x=y} or
 * {@code --prop nl2sql.x=y} arguments. Real JVM system properties and {@code NL2SQL_*} environment variables are read
 * by the driver itself (after connection properties); {@link #effective()} reports all three as the driver sees them.
 */
final class DriverSettings {

    private static final String SECRET = DriverProperty.SERVER_API_KEY.key();

    private final Properties explicit = new Properties();

    /**
     * Takes the current argument if it is a driver property ({@code -Dkey=value}, or {@code --prop key=value});
     * false if it is something else.
     */
    boolean accept(CommandLine line) throws UsageException {
        String option = line.option();
        if (option.startsWith("-D") && option.length() > 2) {
            put(option.substring(2), option);
            return true;
        }
        if (option.equals("--prop")) {
            put(line.value(), "--prop");
            return true;
        }
        return false;
    }

    private void put(String assignment, String option) throws UsageException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new UsageException(option + " takes key=value, such as nl2sql.model=FILE.gguf, not \""
                    + assignment + "\".");
        }
        explicit.setProperty(assignment.substring(0, eq).strip(), assignment.substring(eq + 1));
    }

    /** True when {@code key} was given on the command line. */
    boolean given(String key) {
        return explicit.containsKey(key);
    }

    /** The properties given on the command line, for a connection (a copy). */
    Properties connectionProperties() {
        Properties copy = new Properties();
        copy.putAll(explicit);
        return copy;
    }

    /** One setting as the driver reads it: the command line, then the system property, then the environment. */
    Optional<String> value(DriverProperty property) {
        String v = explicit.getProperty(property.key());
        if (v == null) {
            v = System.getProperty(property.key());
        }
        if (v == null) {
            v = System.getenv(property.environmentVariable());
        }
        return Optional.ofNullable(v);
    }

    /** Every nl2sql.* setting in force, from wherever it came, with secrets masked; sorted by name. */
    Map<String, String> effective() {
        Map<String, String> settings = new TreeMap<>();
        for (DriverProperty property : DriverProperty.values()) {
            value(property).ifPresent(v -> settings.put(property.key(), v));
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(DriverProperty.PREFIX)) {
                settings.putIfAbsent(key, System.getProperty(key));
            }
        }
        for (String key : explicit.stringPropertyNames()) {
            settings.put(key, explicit.getProperty(key)); // also unknown ones and those of the wrapped driver
        }
        if (settings.containsKey(SECRET)) {
            settings.put(SECRET, "***");
        }
        return settings;
    }
}
