package dev.nl2sql.examples.dashboard;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning from the user: {@code POST /api/memory/pairs} ({@code question}, {@code sql}) teaches that the SQL answers
 * the question (the page's "correct" on an answer, and "save as the answer" after editing its SQL);
 * {@code POST /api/memory/notes} ({@code note}, optional {@code on}) teaches a note about the data;
 * {@code GET /api/memory} lists everything taught for this database, with who taught it; {@code DELETE
 * /api/memory/pairs/ID} and {@code /notes/ID} forget an item, for the user who taught it through the page or an
 * admin. Items taught elsewhere (SQL clients, scripts) are removed by admins only.
 */
final class MemoryApi {

    private final DatabaseMemory memory;
    private final Teachers teachers;

    MemoryApi(DatabaseMemory memory, Teachers teachers) {
        this.memory = memory;
        this.teachers = teachers;
    }

    void register(Router router) {
        router.add("GET", "/api/memory", Router.Access.USER, this::list)
                .add("POST", "/api/memory/pairs", Router.Access.USER, r -> {
                    DatabaseMemory.Item pair = memory.teach(r.text("question"), r.text("sql"));
                    teachers.record("pair", pair.id(), r.user());
                    return Reply.created(view(pair, r.user(), r.user(), r.isAdmin()));
                })
                .add("POST", "/api/memory/notes", Router.Access.USER, r -> {
                    DatabaseMemory.Item note = memory.note(r.text("note"), r.optionalText("on"));
                    teachers.record("note", note.id(), r.user());
                    return Reply.created(view(note, r.user(), r.user(), r.isAdmin()));
                })
                .add("DELETE", "/api/memory/(pair|note)s/([^/]+)", Router.Access.USER, this::forget);
    }

    private Reply list(ApiRequest request) throws SQLException {
        Map<String, String> owners = teachers.all();
        List<Map<String, Object>> items = new ArrayList<>();
        for (DatabaseMemory.Item item : memory.list()) {
            items.add(view(item, owners.get(item.kind() + " " + item.id()), request.user(), request.isAdmin()));
        }
        return Reply.ok(items);
    }

    private Reply forget(ApiRequest request) throws SQLException {
        String kind = request.pathPart(1);
        long id = request.pathId(2);
        String owner = teachers.all().get(kind + " " + id);
        if (!request.isAdmin() && !request.user().equals(owner)) {
            boolean exists = memory.list().stream().anyMatch(i -> i.kind().equals(kind) && i.id() == id);
            if (!exists) {
                throw new ApiException(404, "No " + kind + " " + id + " is taught for this database");
            }
            throw new ApiException(403, "Only the user who taught this " + kind + " (or an admin) may remove it");
        }
        if (!memory.forget(kind, id)) {
            throw new ApiException(404, "No " + kind + " " + id + " is taught for this database (removed already?)");
        }
        teachers.forget(kind, id);
        return Reply.ok(Map.of());
    }

    /** An item for the page: who taught it (a dashboard user, else the driver's record) and whether this user may remove it. */
    private static Map<String, Object> view(DatabaseMemory.Item item, String owner, String user, boolean admin) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", item.kind());
        view.put("id", item.id());
        view.put("question", item.question());
        view.put("sql", item.sql());
        view.put("note", item.note());
        view.put("on", item.terms());
        view.put("taughtBy", owner != null ? owner : item.taughtBy() + " (outside the dashboard)");
        view.put("taughtAt", item.taughtAt());
        view.put("stale", item.stale());
        view.put("canRemove", admin || user.equals(owner));
        return view;
    }
}
