package dev.nl2sql.examples.dashboard;

import java.util.Map;

/**
 * Dashboards and pins: {@code GET/POST /api/dashboards}, {@code GET/DELETE /api/dashboards/ID},
 * {@code POST /api/pins} (pins to a dashboard by name, creating it), {@code DELETE /api/pins/ID} and
 * {@code POST /api/pins/ID/run}, which re-runs the pin's saved SQL as a job (on opening and refreshing a dashboard).
 * Every logged-in user sees and edits every dashboard: they are shared by the team.
 */
final class DashboardApi {

    private final Dashboards dashboards;
    private final QueryJobs jobs;

    DashboardApi(Dashboards dashboards, QueryJobs jobs) {
        this.dashboards = dashboards;
        this.jobs = jobs;
    }

    void register(Router router) {
        router.add("GET", "/api/dashboards", Router.Access.USER, r -> Reply.ok(dashboards.list()))
                .add("POST", "/api/dashboards", Router.Access.USER,
                        r -> Reply.created(dashboards.create(r.text("name"), r.user())))
                .add("GET", "/api/dashboards/([^/]+)", Router.Access.USER, r -> Reply.ok(dashboards.find(r.pathId(1))
                        .orElseThrow(() -> notFound("dashboard"))))
                .add("DELETE", "/api/dashboards/([^/]+)", Router.Access.USER, r -> {
                    if (!dashboards.delete(r.pathId(1))) {
                        throw notFound("dashboard");
                    }
                    return Reply.ok(Map.of());
                })
                .add("POST", "/api/pins", Router.Access.USER, r -> Reply.created(dashboards.pin(r.text("dashboard"),
                        r.text("title"), r.optionalText("question"), r.text("sql"), r.text("display"), r.user())))
                .add("DELETE", "/api/pins/([^/]+)", Router.Access.USER, r -> {
                    if (!dashboards.deletePin(r.pathId(1))) {
                        throw notFound("pin");
                    }
                    return Reply.ok(Map.of());
                })
                .add("POST", "/api/pins/([^/]+)/run", Router.Access.USER, r -> {
                    Dashboards.Pin pin = dashboards.findPin(r.pathId(1)).orElseThrow(() -> notFound("pin"));
                    return Reply.accepted(QueryApi.status(jobs.submit(r.user(), QueryJob.Kind.SQL, pin.sql())));
                });
    }

    private static ApiException notFound(String what) {
        return new ApiException(404, "No such " + what + " (deleted by someone else?)");
    }
}
