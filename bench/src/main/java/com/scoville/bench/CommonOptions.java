package com.scoville.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options every scenario takes: where the service is, where the report and chart go. */
public final class CommonOptions {
    @Option(names = "--embedded", description = "Start the embedded stack (broker, registry, Kafka Streams, HTTP) in this JVM, on free ports and a fresh temporary data folder.")
    boolean embedded;

    @Option(names = "--target", paramLabel = "URL", description = "HTTP API of a running service, e.g. http://127.0.0.1:7070.")
    String target;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers of that service.")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry of that service.")
    String registry;

    @Option(names = "--report", paramLabel = "FILE.json", description = "JSON report (default: bench-reports/<scenario>-<time>.json).")
    Path report;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Chart of throughput and latency (default: next to the report).")
    Path chart;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "A setting of the embedded stack, repeatable (e.g. --env STREAM_THREADS=1).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--drain-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "After the load, accepted orders are waited for until each is RESERVED or REJECTED, for as long as some are decided: "
                    + "how long none may be before giving up (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--warmup", defaultValue = "200",
            description = "Orders placed over HTTP and decided before the measured load, out of its figures but in the audit: past the JIT and the first transactions (default: ${DEFAULT-VALUE}; 0: none).")
    int warmup;

    @Option(names = "--keep-data", description = "Keep the embedded stack's temporary data folder.")
    boolean keepData;

    @Option(names = "--token", paramLabel = "JWT", description = "Bearer token to send (default: one from the target's development issuer by client credentials).")
    String token;

    @Option(names = "--client-id", defaultValue = "backoffice",
            description = "Client of the client-credentials grant when no --token is given (default: ${DEFAULT-VALUE}, the development issuer's admin).")
    String clientId = "backoffice";

    @Option(names = "--client-secret", defaultValue = "scoville-dev",
            description = "Its secret (default: ${DEFAULT-VALUE}, DEV_CLIENT_SECRET's default).")
    String clientSecret = "scoville-dev";

    @Option(names = "--token-url", paramLabel = "URL", description = "Token endpoint (default: <target>/oauth2/token, the development issuer).")
    String tokenUrl;

    /** Refuses a run that names no service, or two. */
    void validate(boolean needsHttp) {
        if (embedded && (target != null || bootstrap != null || registry != null)) {
            throw new IllegalArgumentException("Give either --embedded or --target/--bootstrap/--registry, not both");
        }
        if (!embedded && (bootstrap == null || registry == null || needsHttp && target == null)) {
            throw new IllegalArgumentException("Give --embedded, or --target URL --bootstrap HOST:PORT --registry URL");
        }
    }

    Path reportFile(String scenario) {
        if (report != null) {
            return report;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("bench-reports", scenario + "-" + stamp + ".json");
    }

    Path chartFile(Path reportFile) {
        if (chart != null) {
            return chart;
        }
        String name = reportFile.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return reportFile.resolveSibling(base + ".png");
    }
}
