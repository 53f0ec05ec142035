package dev.nl2sql.driver;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the wrapped driver for a URL in a way that survives hosts with isolated class loaders (DBeaver creates
 * drivers from a per-driver loader and calls {@code connect} directly, so DriverManager may not know them):
 * the class named by {@code nl2sql.delegateDriver}, then DriverManager, then a ServiceLoader on this driver's loader.
 */
final class DelegateDrivers {

    private DelegateDrivers() {
    }

    static Driver find(String delegateUrl, DriverConfig config) throws SQLException {
        Optional<String> className = config.get(DriverProperty.DELEGATE_DRIVER);
        if (className.isPresent()) {
            return byClassName(className.get(), delegateUrl);
        }
        try {
            Driver driver = DriverManager.getDriver(delegateUrl);
            if (!(driver instanceof Nl2SqlDriver)) {
                return driver;
            }
        } catch (SQLException notRegistered) {
            // fall through to the loader of this driver
        }
        for (Driver driver : ServiceLoader.load(Driver.class, Nl2SqlDriver.class.getClassLoader())) {
            if (!(driver instanceof Nl2SqlDriver) && driver.acceptsURL(delegateUrl)) {
                return driver;
            }
        }
        throw Errors.unableToConnect("No JDBC driver accepts '" + Nl2SqlUrl.redact(delegateUrl)
                + "'. Check the URL, put the database's JDBC driver jar on the classpath beside nl2sql (in DBeaver: "
                + "in the same driver definition), or name its class in " + DriverProperty.DELEGATE_DRIVER.key() + ".");
    }

    private static Driver byClassName(String className, String delegateUrl) throws SQLException {
        Class<?> type = load(className);
        if (!Driver.class.isAssignableFrom(type)) {
            throw Errors.unableToConnect(className + " (named by " + DriverProperty.DELEGATE_DRIVER.key()
                    + ") is not a java.sql.Driver. Name the database's JDBC driver class there.");
        }
        Driver driver;
        try {
            driver = (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw Errors.unableToConnect("Could not create the JDBC driver " + className + ": " + e
                    + ". Check that its jar and the jars it needs are on the classpath.", e);
        }
        if (!driver.acceptsURL(delegateUrl)) {
            throw Errors.unableToConnect("The JDBC driver " + className + " does not accept '"
                    + Nl2SqlUrl.redact(delegateUrl) + "'. Check the URL after jdbc:nl2sql:, or the class named by "
                    + DriverProperty.DELEGATE_DRIVER.key() + ".");
        }
        return driver;
    }

    private static Class<?> load(String className) throws SQLException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, Nl2SqlDriver.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        throw Errors.unableToConnect("The JDBC driver class " + className + " (named by "
                + DriverProperty.DELEGATE_DRIVER.key() + ") is not on the classpath. Add the database's driver jar "
                + "beside nl2sql, or correct the class name.");
    }
}
