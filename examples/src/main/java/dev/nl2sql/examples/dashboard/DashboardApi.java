package dev.nl2sql.examples.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dashboards and pins: {@code GET/POST /api/dashboards}, {@code GET/PATCH/DELETE /api/dashboards/ID} (PATCH
 * renames), {@code POST /api/pins} (pins to a dashboard by name, creating it), {@code DELETE /api/pins/ID} and
 * {@code POST /api/pins/ID/run}, which re-runs the pin's saved SQL as a job (on opening and refreshing a dashboard).
 * Every logged-in user sees and runs every dashboard; only its creator or an admin changes or deletes it, and each
 * dashboard says whether the asking user may ({@code canEdit}).
 */
final class DashboardApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dashboards dashboards;
    private final QueryJobs jobs;

    DashboardApi(Dashboards dashboards, QueryJobs jobs) {
        this.dashboards = dashboards;
        this.jobs = jobs;
    }

    void register(Router router) {
        router.add("GET", "/api/dashboards", Router.Access.USER, r -> Reply.ok(dashboards.list().stream()
                        .map(d -> withCanEdit(d, d.createdBy(), r)).toList()))
                .add("POST", "/api/dashboards", Router.Access.USER,
                        r -> Reply.created(withCanEdit(dashboards.create(r.text("name"), r.user()), r.user(), r)))
                .add("GET", "/api/dashboards/([^/]+)", Router.Access.USER, r -> {
                    Dashboards.Board board = dashboards.find(r.pathId(1)).orElseThrow(() -> notFound("dashboard"));
                    return Reply.ok(withCanEdit(board, board.createdBy(), r));
                })
                .add("PATCH", "/api/dashboards/([^/]+)", Router.Access.USER, r -> {
                    dashboards.rename(r.pathId(1), r.text("name"), r.user(), r.isAdmin());
                    return Reply.ok(Map.of());
                })
                .add("DELETE", "/api/dashboards/([^/]+)", Router.Access.USER, r -> {
                    Dashboards.Board board = dashboards.find(r.pathId(1)).orElseThrow(() -> notFound("dashboard"));
                    Dashboards.refuseUnlessAllowed(board.createdBy(), r.user(), r.isAdmin());
                    if (!dashboards.delete(board.id())) {
                        throw notFound("dashboard");
                    }
                    return Reply.ok(Map.of());
                })
                .add("POST", "/api/pins", Router.Access.USER, r -> Reply.created(dashboards.pin(r.text("dashboard"),
                        r.text("title"), r.optionalText("question"), r.text("sql"), r.text("display"),
                        r.optionalInt("x"), r.optionalInts("y"), r.user(), r.isAdmin())))
                .add("DELETE", "/api/pins/([^/]+)", Router.Access.USER, r -> {
                    Dashboards.Pin pin = dashboards.findPin(r.pathId(1)).orElseThrow(() -> notFound("pin"));
                    Dashboards.Board board = dashboards.find(pin.dashboardId()).orElseThrow(() -> notFound("pin"));
                    Dashboards.refuseUnlessAllowed(board.createdBy(), r.user(), r.isAdmin());
                    if (!dashboards.deletePin(pin.id())) {
                        throw notFound("pin");
                    }
                    return Reply.ok(Map.of());
                })
                .add("POST", "/api/pins/([^/]+)/run", Router.Access.USER, r -> {
                    Dashboards.Pin pin = dashboards.findPin(r.pathId(1)).orElseThrow(() -> notFound("pin"));
                    return Reply.accepted(QueryApi.status(jobs.submit(r.user(), QueryJob.Kind.SQL, pin.sql(), false)));
                });
    }

    /** A dashboard or summary as JSON, with whether the asking user may change it. */
    private static Map<String, Object> withCanEdit(Object record, String createdBy, ApiRequest request) {
        Map<String, Object> json = JSON.convertValue(record, new TypeReference<LinkedHashMap<String, Object>>() { });
        json.put("canEdit", Dashboards.mayChange(createdBy, request.user(), request.isAdmin()));
        return json;
    }

    private static ApiException notFound(String what) {
        return new ApiException(404, "No such " + what + " (deleted by someone else?)");
    }
}
