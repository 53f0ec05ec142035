package dev.nl2sql.examples.dashboard;

import java.sql.SQLException;

/**
 * The schema browser: {@code GET /api/schema} (tables, columns and example questions of the database people ask;
 * {@code ?fresh=1} reads it again after a change).
 */
final class SchemaApi {

    private final SchemaCatalog catalog;

    SchemaApi(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    void register(Router router) {
        router.add("GET", "/api/schema", Router.Access.USER,
                r -> {
                    try {
                        return Reply.ok(catalog.schema("1".equals(r.queryParam("fresh"))));
                    } catch (SQLException e) {
                        throw new ApiException(503, "Cannot read the database's tables: "
                                + ErrorMessages.describe(e, false, 0));
                    }
                });
    }
}
