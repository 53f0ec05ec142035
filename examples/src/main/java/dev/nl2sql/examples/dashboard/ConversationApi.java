package dev.nl2sql.examples.dashboard;

import java.util.Map;

/**
 * The Ask page's conversations, each on its own nl2sql connection so that a question may follow up on the ones
 * before: {@code POST /api/threads} starts one, {@code GET /api/threads/ID} lists its questions (with their SQL, how
 * they ended, and which answers the next question's prompt holds), {@code POST /api/threads/ID/ask} asks in it (a
 * job, as {@code /api/ask}; refused with 409 while one of its questions runs), {@code POST /api/threads/ID/new}
 * starts it afresh ({@code NL NEW:}) and {@code DELETE /api/threads/ID} closes it. A conversation belongs to the login
 * session that started it; any other is not found.
 */
final class ConversationApi {

    private static final String THREAD = "/api/threads/([^/]+)";

    private final ConversationThreads threads;
    private final QueryJobs jobs;

    ConversationApi(ConversationThreads threads, QueryJobs jobs) {
        this.threads = threads;
        this.jobs = jobs;
    }

    void register(Router router) {
        router.add("POST", "/api/threads", Router.Access.USER,
                        r -> Reply.created(threads.create(r.user(), r.sessionToken()).view(jobs)))
                .add("GET", THREAD, Router.Access.USER, r -> {
                    ConversationThread thread = thread(r);
                    thread.touch();
                    return Reply.ok(thread.view(jobs));
                })
                .add("POST", THREAD + "/ask", Router.Access.USER, r -> {
                    ConversationThread thread = thread(r);
                    String question = r.text("question");
                    return Reply.accepted(QueryApi.status(jobs.submit(r.user(), QueryJob.Kind.QUESTION, question,
                            true, thread)));
                })
                .add("POST", THREAD + "/new", Router.Access.USER, r -> {
                    ConversationThread thread = thread(r);
                    thread.startAfresh();
                    return Reply.ok(thread.view(jobs));
                })
                .add("DELETE", THREAD, Router.Access.USER, r -> {
                    if (!threads.close(r.user(), r.sessionToken(), r.pathPart(1))) {
                        throw new ApiException(404, ConversationThreads.GONE);
                    }
                    return Reply.ok(Map.of());
                });
    }

    private ConversationThread thread(ApiRequest request) {
        return threads.find(request.user(), request.sessionToken(), request.pathPart(1));
    }
}
