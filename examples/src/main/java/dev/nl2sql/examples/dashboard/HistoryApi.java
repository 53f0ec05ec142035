package dev.nl2sql.examples.dashboard;

import java.util.Map;

/**
 * Each user's own history: {@code GET /api/history?q=&limit=} (newest first, those whose question or SQL contains
 * {@code q}) and {@code DELETE /api/history/ID}. Running an entry again is asking it again ({@code /api/ask} or
 * {@code /api/sql}).
 */
final class HistoryApi {

    private final History history;

    HistoryApi(History history) {
        this.history = history;
    }

    void register(Router router) {
        router.add("GET", "/api/history", Router.Access.USER, r -> Reply.ok(history.search(r.user(),
                        r.queryParam("q"), r.queryInt("limit", 50, 1, 200))))
                .add("DELETE", "/api/history/([^/]+)", Router.Access.USER, r -> {
                    if (!history.delete(r.user(), r.pathId(1))) {
                        throw new ApiException(404, "No such entry in your history");
                    }
                    return Reply.ok(Map.of());
                });
    }
}
