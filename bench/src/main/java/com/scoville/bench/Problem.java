package com.scoville.bench;

/** What an RFC 9457 problem answer says: its title, to name an error kind, and whether to ask again. */
final class Problem {
    private Problem() { }

    static String title(Api.Answer answer) {
        String title = answer.text("title");
        return title == null ? "" : title;
    }

    /** A 409 that says the write under this Idempotency-Key is not decided yet: the same request may be sent again. */
    static boolean inProgress(Api.Answer answer) {
        String type = answer.text("type");
        return answer.status() == 409 && type != null && type.endsWith("/in-progress");
    }
}
