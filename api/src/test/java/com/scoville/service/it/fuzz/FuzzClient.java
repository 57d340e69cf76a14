package com.scoville.service.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends fuzzed requests, several at a time: through the JDK client when it accepts them, otherwise as bytes
 * on a socket (a header with control characters, a target that is no valid URI). Never throws for what the
 * server does: a reset, a timeout or a malformed answer comes back as an {@link Answer} with an error.
 */
public final class FuzzClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient client;
    private final ExecutorService senders;

    /** The bearer token a request without an Authorization header of its own carries (null: none). */
    private final String token;

    /** A client without a token of its own, for apps without the gate. */
    public FuzzClient(String baseUrl, int parallel) {
        this(baseUrl, parallel, null);
    }

    public FuzzClient(String baseUrl, int parallel, String token) {
        this.token = token;
        this.base = URI.create(baseUrl);
        this.senders = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "fuzz-sender");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What came back: status, headers (names in lower case), body; or why nothing usable did. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body, String error, long millis) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        static Answer failed(String error, long started) {
            return new Answer(0, Map.of(), new byte[0], error, elapsed(started));
        }
    }

    public List<Answer> sendAll(List<FuzzRequest> requests) {
        List<Future<Answer>> pending = requests.stream().map(r -> senders.submit(() -> send(r))).toList();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : pending) {
            try {
                answers.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                answers.add(Answer.failed("the fuzzer itself failed: " + e.getCause(), System.nanoTime()));
            }
        }
        return answers;
    }

    public Answer send(FuzzRequest request) {
        FuzzRequest r = withToken(request);
        return r.needsRawSocket() ? overSocket(r) : overJdkClient(r);
    }

    /** The request as sent: with the client's token unless it brings an Authorization header (fuzzed) of its own. */
    private FuzzRequest withToken(FuzzRequest r) {
        if (token == null || r.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("Authorization"))) {
            return r;
        }
        List<FuzzRequest.Header> headers = new ArrayList<>(r.headers());
        headers.add(new FuzzRequest.Header("Authorization", "Bearer " + token));
        return new FuzzRequest(r.operation(), r.method(), r.target(), List.copyOf(headers), r.body());
    }

    private Answer overJdkClient(FuzzRequest r) {
        long started = System.nanoTime();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.target())).timeout(TIMEOUT)
                .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        r.headers().forEach(h -> b.header(h.name(), h.value()));
        try {
            HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            return new Answer(response.statusCode(), headers, response.body(), null, elapsed(started));
        } catch (HttpTimeoutException e) {
            return Answer.failed(e.toString(), started);
        } catch (IOException e) {
            // A pooled connection the server had just closed, or a body the server stopped reading once it had
            // answered (413): the JDK client reports no answer. Ask again on a connection of its own.
            return overSocket(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed("interrupted", started);
        }
    }

    /** HTTP/1.1 by hand, one connection per request, read until the server closes it. */
    private Answer overSocket(FuzzRequest r) {
        long started = System.nanoTime();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(head, r.method() + " " + r.target() + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n");
        r.headers().forEach(h -> write(head, h.name() + ": " + h.value() + "\r\n"));
        if (r.body() != null) {
            write(head, "Content-Length: " + r.body().length + "\r\n");
        }
        write(head, "\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (r.body() != null) {
                    out.write(r.body());
                }
                out.flush();
            } catch (IOException e) {
                // the server may have answered and closed before reading everything: read what it said
            }
            return parse(socket.getInputStream(), started);
        } catch (IOException e) {
            return Answer.failed(e.toString(), started);
        }
    }

    private static Answer parse(InputStream in, long started) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        // interim answers (100 Continue) come before the final one
        while (end > 0 && new String(all, 0, Math.min(end, 12), StandardCharsets.ISO_8859_1).matches("HTTP/1\\.\\d 1\\d\\d.*")) {
            all = Arrays.copyOfRange(all, end + 4, all.length);
            end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (end < 0) {
            return Answer.failed("no complete HTTP answer (" + all.length + " bytes)", started);
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        try {
            return new Answer(Integer.parseInt(statusLine[1]), headers, body, null, elapsed(started));
        } catch (RuntimeException e) {
            return Answer.failed("unreadable status line: " + lines[0], started);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            at += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(chunked, at, Math.min(size, chunked.length - at));
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Header text goes out as UTF-8: Latin-1 would hide what a client with UTF-8 headers does. */
    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
