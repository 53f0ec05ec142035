package dev.nl2sql.engine.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PicardSqlTest {

    @Test
    void lowerCasesNamesAndKeywordsButNotStrings() {
        assertEquals("select name, count(*) from singer where country = 'The Netherlands' group by name",
                PicardSql.normalize("SELECT Name, COUNT(*) FROM Singer WHERE Country = 'The Netherlands' GROUP BY Name"));
    }

    @Test
    void unquotesSimpleNamesAndKeepsOthersQuoted() {
        assertEquals("select year, \"Song Name\" from concert where song_release_year = '2014'",
                PicardSql.normalize("select \"Year\", \"Song Name\" from concert where Song_release_year = '2014'"));
        assertEquals("select year from concert", PicardSql.normalize("select `Year` from concert"));
    }

    @Test
    void aDoubledQuoteStaysInsideItsString() {
        assertEquals("select lowest from stadium where name = 'Stark''s Park' and \"A\"\"B\" = 'X'",
                PicardSql.normalize("SELECT Lowest FROM stadium WHERE Name = 'Stark''s Park' AND \"A\"\"B\" = 'X'"));
    }
}
