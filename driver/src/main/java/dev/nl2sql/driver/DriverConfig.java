package dev.nl2sql.driver;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * A whole number from {@code min} to {@code max}. Values reach native code (llama.cpp, PyTorch) and deadline
     * arithmetic, so a value out of range is refused here rather than found out there.
     */
    public int getInt(DriverProperty property, int min, int max) throws SQLException {
        String expected = "a whole number from " + min + " to " + max;
        int value = parse(property, expected, Integer::valueOf);
        if (value < min || value > max) {
            throw Errors.invalidProperty(property, String.valueOf(value), expected);
        }
        return value;
    }

    /** A finite number from {@code min} to {@code max}: NaN and infinities crash llama.cpp's JSON parser. */
    public float getFloat(DriverProperty property, float min, float max) throws SQLException {
        String expected = "a number from " + min + " to " + max;
        float value = parse(property, expected, Float::valueOf);
        if (!Float.isFinite(value) || value < min || value > max) {
            throw Errors.invalidProperty(property, get(property).orElse(""), expected);
        }
        return value;
    }

    /**
     * The value, in lower case, which must be one of the property's {@link DriverProperty#choices()}; the first
     * choice stands in for no value. The choices come from the property so that what is checked here is what
     * getPropertyInfo offers.
     */
    public String getChoice(DriverProperty property) throws SQLException {
        List<String> choices = property.choices();
        if (choices.isEmpty()) {
            throw new IllegalArgumentException(property.key() + " has no choices");
        }
        String value = get(property).orElse(choices.get(0)).toLowerCase(Locale.ROOT);
        if (!choices.contains(value)) {
            throw Errors.invalidProperty(property, value, "one of " + String.join(", ", choices));
        }
        return value;
    }

    /** A file or folder path, or empty where unset. */
    public Optional<Path> getPath(DriverProperty property) throws SQLException {
        Optional<String> value = get(property);
        try {
            return value.map(Path::of);
        } catch (InvalidPathException e) {
            throw Errors.invalidProperty(property, value.orElse(""), "a valid path (" + e.getReason() + ")");
        }
    }

    private <T> T parse(DriverProperty property, String expected, Function<String, T> parser) throws SQLException {
        String value = get(property).orElseThrow(() -> Errors.invalidProperty(property, "", expected));
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw Errors.invalidProperty(property, value, expected);
        }
    }

    /** A fresh copy of the properties meant for the wrapped driver: all but {@code nl2sql.*}. */
    public Properties delegateProperties() {
        Properties copy = new Properties();
        copy.putAll(delegateProperties);
        return copy;
    }
}
