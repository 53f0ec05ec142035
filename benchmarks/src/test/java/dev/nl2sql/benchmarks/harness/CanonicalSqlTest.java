package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CanonicalSqlTest {

    @Test
    void spacingCaseQuotesAndSemicolonDoNotMatter() {
        assertEquals(CanonicalSql.of("SELECT count(*) FROM singer"),
                CanonicalSql.of("select  count (*)\n from SINGER ;"));
        assertEquals(CanonicalSql.of("SELECT name FROM singer WHERE country = 'France'"),
                CanonicalSql.of("SELECT name FROM singer WHERE country  =  \"france\""));
        assertEquals("select name from singer where country = 'france'",
                CanonicalSql.of("SELECT name FROM singer WHERE country = \"France\";"));
    }

    @Test
    void valuesAndOperatorsAreKept() {
        assertNotEquals(CanonicalSql.of("SELECT name FROM singer WHERE age > 30"),
                CanonicalSql.of("SELECT name FROM singer WHERE age > 40"));
        assertNotEquals(CanonicalSql.of("SELECT name FROM singer WHERE age > 30"),
                CanonicalSql.of("SELECT name FROM singer WHERE age >= 30"));
        assertNotEquals(CanonicalSql.of("SELECT name FROM singer WHERE country = 'France'"),
                CanonicalSql.of("SELECT name FROM singer WHERE country = 'Frances'"));
    }

    @Test
    void aliasesOfTablesUsedOnceAreTheirTables() {
        String numbered = "SELECT T2.name FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id";
        String swapped = "SELECT t1.name FROM concert AS t2 JOIN stadium AS t1 ON t2.stadium_id = t1.stadium_id";
        String plain = "SELECT stadium.name FROM concert JOIN stadium ON concert.stadium_id = stadium.stadium_id";
        assertEquals(CanonicalSql.of(numbered), CanonicalSql.of(swapped));
        assertEquals(CanonicalSql.of(numbered), CanonicalSql.of(plain));
        String otherTable = "SELECT T1.name FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id";
        assertNotEquals(CanonicalSql.of(numbered), CanonicalSql.of(otherTable));
    }

    @Test
    void selfJoinKeepsItsAliases() {
        String a = "SELECT T1.name FROM people AS T1 JOIN people AS T2 ON T1.boss = T2.id WHERE T2.age > 50";
        String b = "SELECT T2.name FROM people AS T1 JOIN people AS T2 ON T1.boss = T2.id WHERE T2.age > 50";
        assertNotEquals(CanonicalSql.of(a), CanonicalSql.of(b));
        assertEquals("select t1.name from people as t1 join people as t2 on t1.boss = t2.id where t2.age > 50",
                CanonicalSql.of(a));
    }
}
