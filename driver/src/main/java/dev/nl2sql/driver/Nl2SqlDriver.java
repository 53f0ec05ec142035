package dev.nl2sql.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * {@code jdbc:nl2sql:<any JDBC URL>}: connects through the wrapped driver and hands back a connection on which
 * plain SQL passes through untouched and statements that start with {@code NL:} are questions in plain language.
 */
public final class Nl2SqlDriver implements Driver {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Nl2SqlDriver.class);
    private static final String VERSION = readVersion();

    static {
        try {
            DriverManager.registerDriver(new Nl2SqlDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // JDBC: a driver answers null for URLs that are not its own
        }
        Nl2SqlUrl parsed = Nl2SqlUrl.parse(url);
        DriverConfig config = DriverConfig.resolve(info);
        Driver delegate = DelegateDrivers.find(parsed.delegateUrl(), config);
        Connection connection = delegate.connect(parsed.delegateUrl(), config.delegateProperties());
        if (connection == null) {
            throw Errors.unableToConnect("The JDBC driver " + delegate.getClass().getName() + " declined '"
                    + Nl2SqlUrl.redact(parsed.delegateUrl()) + "'. Check the URL after " + Nl2SqlUrl.PREFIX + ".");
        }
        Nl2SqlConnection wrapped = new Nl2SqlConnection(url, connection, config,
                new AnswerConnections(delegate, parsed.delegateUrl(), config));
        if (warmUpWanted(config)) {
            wrapped.startWarmUp();
        }
        return wrapped;
    }

    @Override
    public boolean acceptsURL(String url) {
        return Nl2SqlUrl.accepts(url);
    }

    /** This driver's own properties first, then the wrapped driver's, so a client such as DBeaver lists both. */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        List<DriverPropertyInfo> all = new ArrayList<>();
        DriverConfig config = DriverConfig.resolve(info);
        for (DriverProperty property : DriverProperty.values()) {
            DriverPropertyInfo entry = new DriverPropertyInfo(property.key(), config.get(property).orElse(null));
            entry.description = property.description();
            entry.required = false;
            // Clients such as DBeaver show a drop-down for a property with choices, free text otherwise.
            entry.choices = property.choices().isEmpty() ? null : property.choices().toArray(new String[0]);
            all.add(entry);
        }
        if (acceptsURL(url)) {
            try {
                Nl2SqlUrl parsed = Nl2SqlUrl.parse(url);
                Driver delegate = DelegateDrivers.find(parsed.delegateUrl(), config);
                all.addAll(List.of(delegate.getPropertyInfo(parsed.delegateUrl(), config.delegateProperties())));
            } catch (SQLException incompleteUrl) {
                // A client asks while the user is still typing the URL: list our own properties only.
            }
        }
        return all.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return versionPart(0);
    }

    @Override
    public int getMinorVersion() {
        return versionPart(1);
    }

    /** False: questions in plain language are not SQL, whatever the wrapped driver complies with. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("nl2sql logs through SLF4J, not java.util.logging");
    }

    public static String version() {
        return VERSION;
    }

    /**
     * nl2sql.warmUp: a value that is neither on nor off is logged and taken as off here, where nothing may fail the
     * connect for it.
     */
    private static boolean warmUpWanted(DriverConfig config) {
        try {
            return SessionSettings.warmUp(config);
        } catch (SQLException e) {
            log.warn("{} No warm-up for this connection.", e.getMessage());
            return false;
        }
    }

    private static int versionPart(int index) {
        String[] parts = VERSION.split("[.-]");
        try {
            return parts.length > index ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = Nl2SqlDriver.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "0.0.0");
    }
}
