package com.scoville.http.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.ApiException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Forwards a read to the instance that owns the key. A forwarded request carries a header, so an instance
 * that no longer owns the key answers 503 instead of forwarding again (no loops during a rebalance).
 */
public final class RemoteInstances {
    public static final String FORWARDED_HEADER = "X-Scoville-Forwarded";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json;
    /** What the owner checks to know the request comes from a peer (see {@code Gatekeeper.PEER_HEADER}). */
    private final String peerProof;

    public RemoteInstances(ObjectMapper json, String peerProof) {
        this.json = json;
        this.peerProof = peerProof;
    }

    /** GETs {@code path} from {@code owner}; empty on 404. */
    public <T> Optional<T> get(StoreQueries.Remote owner, String path, Class<T> type, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(owner.baseUrl() + path))
                .timeout(timeout.plusSeconds(2))
                .header(FORWARDED_HEADER, "true")
                .header(com.scoville.http.security.Gatekeeper.PEER_HEADER, peerProof)
                .header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> Optional.of(json.readValue(response.body(), type));
                case 404 -> Optional.empty();
                default -> throw ApiException.unavailable("The owner instance " + owner.baseUrl()
                        + " answered " + response.statusCode(), RETRY_AFTER);
            };
        } catch (IOException e) {
            throw ApiException.unavailable("The owner instance " + owner.baseUrl() + " cannot be reached", RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted", RETRY_AFTER);
        }
    }
}
