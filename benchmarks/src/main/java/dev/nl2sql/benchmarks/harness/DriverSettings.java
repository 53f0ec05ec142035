package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.driver.DriverProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The driver properties a harness run passes on its connections: given as {@code -Dnl2sql.x=y} or
 * {@code --prop nl2sql.x=y} arguments (a picocli mixin of the subcommands that open nl2sql connections). Real JVM
 * system properties and {@code NL2SQL_*} environment variables are read by the driver itself (after connection
 * properties); {@link #effective()} reports all three as the driver sees them.
 */
final class DriverSettings {

    private static final String SECRET = DriverProperty.SERVER_API_KEY.key();

    @Option(names = {"-D", "--prop"}, paramLabel = "nl2sql.x=y", description = "a driver property for the nl2sql "
            + "connections (repeatable); JVM system properties and NL2SQL_* variables are read by the driver as usual")
    private Map<String, String> given = new LinkedHashMap<>();

    private Properties explicit() {
        Properties explicit = new Properties();
        given.forEach((key, value) -> explicit.setProperty(key.strip(), value));
        return explicit;
    }

    /** These settings with {@code overrides} put over them, for a run whose harness fixes some properties. */
    DriverSettings with(Map<String, String> overrides) {
        DriverSettings copy = new DriverSettings();
        copy.given = new LinkedHashMap<>(given);
        copy.given.putAll(overrides);
        return copy;
    }

    /** True when {@code key} was given on the command line. */
    boolean given(String key) {
        return explicit().containsKey(key);
    }

    /** The properties given on the command line, for a connection (a copy). */
    Properties connectionProperties() {
        return explicit();
    }

    /** One setting as the driver reads it: the command line, then the system property, then the environment. */
    Optional<String> value(DriverProperty property) {
        String v = explicit().getProperty(property.key());
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
        Properties explicit = explicit();
        for (String key : explicit.stringPropertyNames()) {
            settings.put(key, explicit.getProperty(key)); // also unknown ones and those of the wrapped driver
        }
        if (settings.containsKey(SECRET)) {
            settings.put(SECRET, "***");
        }
        return settings;
    }
}
