package dev.nl2sql.driver;

import java.util.Locale;

/**
 * Every setting of the driver, declared once. A setting is read, first match wins, from the connection's
 * properties, then the system property of the same name, then the environment variable named by
 * {@link #environmentVariable()} ({@code nl2sql.delegateDriver} becomes {@code NL2SQL_DELEGATE_DRIVER}).
 * Properties not named {@code nl2sql.*} belong to the wrapped driver and reach it unchanged.
 */
public enum DriverProperty {
    DELEGATE_DRIVER("nl2sql.delegateDriver", null,
            "Class name of the wrapped JDBC driver. Needed only where the host loads drivers in their own class "
                    + "loader and the wrapped driver is not found by URL (for example org.postgresql.Driver).");

    /** Prefix of every property that belongs to this driver rather than to the wrapped one. */
    public static final String PREFIX = "nl2sql.";

    private final String key;
    private final String defaultValue;
    private final String description;

    DriverProperty(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code nl2sql.gpuLayers} → {@code NL2SQL_GPU_LAYERS}. */
    public String environmentVariable() {
        return key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
