package dev.nl2sql.driver;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@code unwrap}/{@code isWrapperFor} for every wrapper: the wrapper itself where it fits, else the driver's object. */
final class Wrappers {

    private Wrappers() {
    }

    static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> type) throws SQLException {
        if (type.isInstance(wrapper)) {
            return type.cast(wrapper);
        }
        return delegate.unwrap(type);
    }

    static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> type) throws SQLException {
        return type.isInstance(wrapper) || delegate.isWrapperFor(type);
    }
}
