package dev.nl2sql.picard;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.grammar.GbnfRecognizer;
import dev.nl2sql.picard.grammar.TestSchemas;
import dev.nl2sql.picard.schema.IdentifierStyle;
import org.junit.jupiter.api.Test;

class SchemaConstraintTest {

    @Test
    void isBuiltOncePerSchemaAndStyle() {
        SchemaConstraint first = SchemaConstraint.of(TestSchemas.concertSinger(), IdentifierStyle.SQLITE);
        assertSame(first, SchemaConstraint.of(TestSchemas.concertSinger(), IdentifierStyle.SQLITE),
                "an equal schema finds the cached constraint");
        assertNotSame(first, SchemaConstraint.of(TestSchemas.concertSinger(), IdentifierStyle.MARIADB));
        assertTrue(GbnfRecognizer.parse(first.gbnf()).matches("SELECT COUNT(*) FROM singer"));
        assertTrue(first.checker().accepts("select count(*) from singer"));
    }
}
