package com.scoville.service.it.fuzz;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One generated HTTP request: which documented operation it aims at, and the method, target (path and query,
 * already encoded, or deliberately not), headers and body it sends.
 */
public record FuzzRequest(String operation, String method, String target, List<Header> headers, byte[] body) {
    /** Headers the JDK client will not send itself; a request with one goes over a plain socket. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    public record Header(String name, String value) { }

    /**
     * Whether the JDK client would refuse to send this request as it is (an invalid URI, a header value with
     * control or non-Latin characters, a restricted header): such requests go over a raw socket instead.
     */
    public boolean needsRawSocket() {
        try {
            new URI("http://127.0.0.1" + target);
        } catch (URISyntaxException e) {
            return true;
        }
        return headers.stream().anyMatch(h -> RESTRICTED.contains(h.name().toLowerCase(Locale.ROOT))
                || !token(h.name()) || h.value().chars().anyMatch(c -> c != '\t' && (c < 0x20 || c > 0x7e)));
    }

    private static boolean token(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    /** What a failure report shows: everything, long values cut short. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(method).append(' ').append(cut(target, 300)).append("  [").append(operation).append(']');
        headers.forEach(h -> s.append("\n    ").append(h.name()).append(": ").append(cut(h.value(), 120)));
        if (body != null) {
            s.append("\n    body (").append(body.length).append(" bytes): ")
                    .append(cut(new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8), 300));
        }
        return s.toString();
    }

    static String cut(String text, int max) {
        String visible = text.codePoints().limit(max + 1L)
                .mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\x%02X", c) : new String(Character.toChars(c)))
                .reduce("", String::concat);
        return text.length() > max ? visible.substring(0, Math.min(visible.length(), max)) + "…(" + text.length() + " chars)" : visible;
    }
}
