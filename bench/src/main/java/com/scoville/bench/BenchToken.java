package com.scoville.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The bench's bearer token: client credentials at the token endpoint (the development issuer's by default), once per run. */
final class BenchToken {
    private BenchToken() { }

    static String fetch(String tokenUrl, String clientId, String clientSecret) {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("No token from " + tokenUrl + " (" + r.statusCode() + "): " + r.body()
                        + "; pass --token, or --client-id/--client-secret/--token-url");
            }
            return Api.JSON.readTree(r.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the token endpoint " + tokenUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
