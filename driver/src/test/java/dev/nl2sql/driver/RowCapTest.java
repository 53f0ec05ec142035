package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The driver's own row cap holds for a wrapped driver that ignores setMaxRows (DuckDB's JDBC driver does). */
class RowCapTest {

    @Test
    void anAnswerGivesAtMostTheCapWhateverTheWrappedResultDoes() throws Exception {
        ResultSet endless = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> true;
                    case "getInt" -> 7;
                    default -> null;
                });
        Nl2SqlResultSet capped = new Nl2SqlResultSet(null, null, endless).capped(5);
        int rows = 0;
        while (capped.next()) {
            rows++;
            assertEquals(7, capped.getInt(1));
        }
        assertEquals(5, rows);
        assertEquals(false, capped.next(), "stays at the end");
    }

    @Test
    void noCapMeansTheWrappedResultDecides() throws Exception {
        int[] left = {3};
        ResultSet three = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> "next".equals(method.getName())
                        ? left[0]-- > 0 : null);
        Nl2SqlResultSet plain = new Nl2SqlResultSet(null, null, three);
        int rows = 0;
        while (plain.next()) {
            rows++;
        }
        assertEquals(3, rows);
    }
}
