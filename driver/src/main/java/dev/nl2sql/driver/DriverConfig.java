package dev.nl2sql.driver;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's settings for one connection, resolved once at connect time, and the properties that go on to the
 * wrapped driver. The caller's {@link Properties} are copied, never changed.
 */
public final class DriverConfig {

    private static final Logger log = LoggerFactory.getLogger(DriverConfig.class);

    private final Map<DriverProperty, String> values;
    private final Properties delegateProperties;

    private DriverConfig(Map<DriverProperty, String> values, Properties delegateProperties) {
        this.values = values;
        this.delegateProperties = delegateProperties;
    }

    public static DriverConfig resolve(Properties info) {
        return resolve(info, System.getProperties(), System.getenv());
    }

    static DriverConfig resolve(Properties info, Properties system, Map<String, String> environment) {
        Properties given = info == null ? new Properties() : info;
        Properties forDelegate = new Properties();
        for (String name : given.stringPropertyNames()) {
            if (name.startsWith(DriverProperty.PREFIX)) {
                if (find(name).isEmpty()) {
                    log.warn("Ignoring unknown driver property '{}': see the README for the nl2sql.* properties", name);
                }
            } else {
                forDelegate.setProperty(name, given.getProperty(name));
            }
        }
        Map<DriverProperty, String> values = new EnumMap<>(DriverProperty.class);
        for (DriverProperty property : DriverProperty.values()) {
            String value = given.getProperty(property.key());
            if (value == null) {
                value = system.getProperty(property.key());
            }
            if (value == null) {
                value = environment.get(property.environmentVariable());
            }
            if (value == null) {
                value = property.defaultValue();
            }
            if (value != null) {
                values.put(property, value.trim());
            }
        }
        return new DriverConfig(values, forDelegate);
    }

    static Optional<DriverProperty> find(String key) {
        for (DriverProperty property : DriverProperty.values()) {
            if (property.key().equals(key)) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }

    /** The resolved value, or empty where neither the caller, the system nor a default gives one. */
    public Optional<String> get(DriverProperty property) {
        return Optional.ofNullable(values.get(property)).filter(v -> !v.isEmpty());
    }

    public int getInt(DriverProperty property) throws SQLException {
        return parse(property, "a whole number", Integer::valueOf);
    }

    public float getFloat(DriverProperty property) throws SQLException {
        return parse(property, "a number", Float::valueOf);
    }

    private <T> T parse(DriverProperty property, String expected, Function<String, T> parser) throws SQLException {
        String value = get(property).orElseThrow(() -> Errors.invalidProperty(property, "", expected));
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw Errors.invalidProperty(property, value, expected);
        }
    }

    /** A whole number of at least {@code min}. */
    public int getInt(DriverProperty property, int min) throws SQLException {
        int value = getInt(property);
        if (value < min) {
            throw Errors.invalidProperty(property, String.valueOf(value), "a whole number of at least " + min);
        }
        return value;
    }

    /** A fresh copy of the properties meant for the wrapped driver: all but {@code nl2sql.*}. */
    public Properties delegateProperties() {
        Properties copy = new Properties();
        copy.putAll(delegateProperties);
        return copy;
    }
}
