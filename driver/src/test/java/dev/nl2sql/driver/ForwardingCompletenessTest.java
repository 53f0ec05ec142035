package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The Forwarding* classes were written once from the java.sql sources; this keeps them complete. Every method an
 * interface declares (its default methods too: the wrapped driver may do them better) has an override in the
 * forwarding class, and calling it calls the same method on the wrapped object.
 */
class ForwardingCompletenessTest {

    @Test
    void connection() {
        check(Connection.class, ForwardingConnection.class, d -> new ForwardingConnection(d) {
            @Override
            public <T> T unwrap(Class<T> type) {
                return null;
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }

        });
    }

    @Test
    void statement() {
        check(Statement.class, ForwardingStatement.class, d -> new ForwardingStatement(d) {
            @Override
            public <T> T unwrap(Class<T> type) {
                return null;
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }

        });
    }

    @Test
    void preparedStatement() {
        check(PreparedStatement.class, ForwardingPreparedStatement.class,
                d -> new ForwardingPreparedStatement(null, d) {
                });
    }

    @Test
    void callableStatement() {
        check(CallableStatement.class, ForwardingCallableStatement.class,
                d -> new ForwardingCallableStatement(null, d) {
                });
    }

    @Test
    void resultSet() {
        check(ResultSet.class, ForwardingResultSet.class, d -> new ForwardingResultSet(d) {
            @Override
            public <T> T unwrap(Class<T> type) {
                return null;
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }

        });
    }

    @Test
    void databaseMetaData() {
        check(DatabaseMetaData.class, ForwardingDatabaseMetaData.class, d -> new ForwardingDatabaseMetaData(d) {
            @Override
            public <T> T unwrap(Class<T> type) {
                return null;
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }

            @Override
            ResultSet wrap(ResultSet resultSet) {
                return resultSet;
            }
        });
    }

    private static <I> void check(Class<I> type, Class<?> forwarding, Function<I, ? extends I> wrapping) {
        List<String> missing = new ArrayList<>();
        List<String> notForwarded = new ArrayList<>();
        List<Method> called = new ArrayList<>();
        I delegate = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    called.add(method);
                    return defaultValue(method.getReturnType());
                }));
        I wrapper = wrapping.apply(delegate);
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isSynthetic()) {
                continue;
            }
            Method override;
            try {
                override = forwarding.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(signature(method));
                continue;
            }
            called.clear();
            try {
                override.setAccessible(true);
                override.invoke(wrapper, Arrays.stream(method.getParameterTypes())
                        .map(ForwardingCompletenessTest::defaultValue).toArray());
            } catch (IllegalAccessException | InvocationTargetException e) {
                notForwarded.add(signature(method) + " threw " + e);
                continue;
            }
            boolean forwarded = called.stream().anyMatch(c -> c.getName().equals(method.getName())
                    && Arrays.equals(c.getParameterTypes(), method.getParameterTypes()));
            if (!forwarded) {
                notForwarded.add(signature(method));
            }
        }
        assertEquals(List.of(), missing, forwarding.getSimpleName() + " lacks overrides of " + type.getSimpleName());
        assertEquals(List.of(), notForwarded, forwarding.getSimpleName() + " does not forward");
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.toString(method.getParameterTypes());
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
