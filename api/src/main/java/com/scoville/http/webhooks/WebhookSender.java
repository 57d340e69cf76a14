package com.scoville.http.webhooks;

import com.scoville.avro.Webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to deliver one message: a POST of the body, signed as the Standard Webhooks say, that must answer
 * 2xx within the timeout. Redirects are not followed (a redirect could lead anywhere the URL check forbids), the
 * answer's body is never read, and the host's addresses are checked again before each attempt (a name may have
 * come to point inside the network since it was registered).
 */
final class WebhookSender implements DeliveryLanes.Attempts {
    /** What became of an attempt: the endpoint's status (0: none) and, when it failed, why. */
    record Result(boolean delivered, int statusCode, String error) {
        static Result failed(int status, String error) {
            return new Result(false, status, error.length() > 200 ? error.substring(0, 200) : error);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowLoopback;
    private final Clock clock;

    WebhookSender(Duration timeout, boolean allowLoopback, Clock clock) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.allowLoopback = allowLoopback;
        this.clock = clock;
    }

    @Override
    public Result attempt(Webhook webhook, String messageId, String body) {
        URI uri = URI.create(webhook.getUrl());
        Optional<String> refused = refusedAddress(uri.getHost());
        if (refused.isPresent()) {
            return Result.failed(0, "not delivered: the host " + refused.get());
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Scoville-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(webhook.getSecret(), messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            // the answer's body is never read: send returns with the headers (within the timeout), and closing the
            // unread stream drops the connection, so an endpoint that streams an endless body holds nothing
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Result(true, status, "") : Result.failed(status, "answered " + status);
        } catch (HttpTimeoutException e) {
            return Result.failed(0, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Result.failed(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(0, "interrupted");
        }
    }

    private Optional<String> refusedAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            for (InetAddress address : InetAddress.getAllByName(bare)) {
                Optional<String> refused = WebhookUrls.refusal(address, allowLoopback);
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("is unknown");
        }
    }
}
