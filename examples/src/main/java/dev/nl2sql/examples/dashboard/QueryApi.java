package dev.nl2sql.examples.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Questions and SQL from the page, run as background jobs that the page polls:
 * {@code POST /api/ask}, {@code POST /api/sql}, {@code GET /api/jobs/ID} (state, elapsed time, SQL, columns),
 * {@code POST /api/jobs/ID/cancel}, {@code GET /api/jobs/ID/rows?offset=&limit=} (a page of the table),
 * {@code GET /api/jobs/ID/chart?kind=&x=&y=} (the chart's data, with the kind and axes the user chose),
 * {@code GET /api/jobs/ID/csv} (the rows as a CSV download) and {@code POST /api/jobs/ID/explain}, which starts
 * {@code EXPLAIN NL:} of a question's answer: the tables and values linked, attempts, and the memory used. The
 * explanation of an answer asked in a conversation runs on that conversation's connection while it is open, so it
 * shows the earlier questions the model sees there.
 */
final class QueryApi {

    static final int MAX_PAGE = 500;

    private final QueryJobs jobs;
    private final ConversationThreads threads;

    QueryApi(QueryJobs jobs, ConversationThreads threads) {
        this.jobs = jobs;
        this.threads = threads;
    }

    void register(Router router) {
        router.add("POST", "/api/ask", Router.Access.USER,
                        r -> Reply.accepted(status(jobs.submit(r.user(), QueryJob.Kind.QUESTION, r.text("question")))))
                .add("POST", "/api/sql", Router.Access.USER,
                        r -> Reply.accepted(status(jobs.submit(r.user(), QueryJob.Kind.SQL, r.text("sql")))))
                .add("GET", "/api/jobs/([0-9a-f]+)", Router.Access.USER, r -> Reply.ok(status(job(r))))
                .add("POST", "/api/jobs/([0-9a-f]+)/cancel", Router.Access.USER, r -> {
                    QueryJob job = job(r);
                    job.cancel();
                    return Reply.ok(status(job));
                })
                .add("GET", "/api/jobs/([0-9a-f]+)/rows", Router.Access.USER, this::rows)
                .add("GET", "/api/jobs/([0-9a-f]+)/chart", Router.Access.USER, this::chart)
                .add("GET", "/api/jobs/([0-9a-f]+)/csv", Router.Access.USER, this::csv)
                .add("POST", "/api/jobs/([0-9a-f]+)/explain", Router.Access.USER, r -> {
                    QueryJob job = job(r);
                    if (job.kind() != QueryJob.Kind.QUESTION) {
                        throw new ApiException(409, "Only the answer to a question has an explanation; this was SQL");
                    }
                    ConversationThread thread = job.threadId() == null ? null
                            : threads.findIfOpen(r.user(), r.sessionToken(), job.threadId()).orElse(null);
                    return Reply.accepted(status(jobs.submit(r.user(), QueryJob.Kind.EXPLAIN, job.text(), false,
                            thread)));
                });
    }

    /** What the page shows while a job runs and after: state, time, SQL, error, and the result's shape. */
    static Map<String, Object> status(QueryJob job) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", job.id());
        status.put("kind", job.kind().name().toLowerCase());
        status.put("text", job.text());
        status.put("thread", job.threadId());
        status.put("state", job.state().name().toLowerCase());
        status.put("elapsedMs", job.elapsed().toMillis());
        status.put("sql", job.sql());
        status.put("error", job.error());
        QueryResult result = job.result();
        if (job.state() == QueryJob.State.DONE && result != null) {
            status.put("columns", result.columns());
            status.put("rowCount", result.rowCount());
            status.put("truncated", result.truncated());
            ChartSpec chart = ChartChooser.choose(result);
            status.put("chart", chart.kind());
            status.put("chartX", chart.x());
            status.put("chartY", chart.y());
            if (job.kind() == QueryJob.Kind.EXPLAIN && result.rowCount() > 0) {
                Map<String, Object> explanation = new LinkedHashMap<>();
                for (int i = 0; i < result.columns().size(); i++) {
                    explanation.put(result.columns().get(i).name().toLowerCase(java.util.Locale.ROOT),
                            result.rows().get(0)[i]);
                }
                status.put("explanation", explanation);
            }
        }
        return status;
    }

    private QueryJob job(ApiRequest request) {
        return jobs.find(request.user(), request.pathPart(1))
                .orElseThrow(() -> new ApiException(404, "No such query (queries are kept for "
                        + QueryJobs.KEEP_FINISHED.toMinutes() + " minutes, and only for the user who ran them)"));
    }

    private QueryResult result(ApiRequest request) {
        QueryJob job = job(request);
        if (job.state() != QueryJob.State.DONE) {
            throw new ApiException(409, "The query has no rows: it is " + job.state().name().toLowerCase());
        }
        return job.result();
    }

    private Reply rows(ApiRequest request) {
        QueryResult result = result(request);
        int offset = request.queryInt("offset", 0, 0, Integer.MAX_VALUE);
        int limit = request.queryInt("limit", 50, 1, MAX_PAGE);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("offset", offset);
        page.put("rowCount", result.rowCount());
        page.put("rows", result.page(offset, limit));
        return Reply.ok(page);
    }

    private Reply chart(ApiRequest request) {
        QueryResult result = result(request);
        ChartSpec spec = ChartChooser.choose(result);
        String kind = request.queryParam("kind");
        if (kind == null || kind.isEmpty()) {
            kind = spec.kind();
        }
        String y = request.queryParam("y");
        if (request.queryParam("x") != null || y != null) {
            int x = request.queryInt("x", spec.x(), Integer.MIN_VALUE, Integer.MAX_VALUE);
            spec = ChartSpec.chosen(result.columns(), kind, x, y == null ? spec.y() : columnList(y));
        } else if (!kind.equals(spec.kind())) {
            spec = ChartSpec.chosen(result.columns(), kind, spec.x(), spec.y());
        }
        return Reply.ok(ChartData.of(result, spec));
    }

    /** {@code 1,2} → [1, 2]; empty for none (count rows). */
    private static java.util.List<Integer> columnList(String y) {
        java.util.List<Integer> columns = new java.util.ArrayList<>();
        for (String part : y.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                columns.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new ApiException(400, "y is a comma-separated list of column numbers, not " + y);
            }
        }
        return columns;
    }

    private Reply csv(ApiRequest request) {
        QueryJob job = job(request);
        QueryResult result = result(request);
        return Reply.download(CsvExport.CONTENT_TYPE, "nl2sql-" + job.id().substring(0, 8) + ".csv",
                out -> CsvExport.write(result.columns(), result.rows(), out));
    }
}
