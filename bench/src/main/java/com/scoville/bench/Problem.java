package com.scoville.bench;

/** The title of an RFC 9457 problem answer, to name an error kind. */
final class Problem {
    private Problem() { }

    static String title(Api.Answer answer) {
        String title = answer.text("title");
        return title == null ? "" : title;
    }
}
