package com.scoville.service;

import com.scoville.kafka.ScovilleConfig;

import java.time.Duration;
import java.time.Instant;

/** Runs Scoville: by default everything on this machine (broker, registry, streams, HTTP). */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        Instant begin = Instant.now();
        ScovilleConfig config = ScovilleConfig.fromEnv();
        ScovilleService service = ScovilleService.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
        service.awaitReady(Duration.ofMinutes(5));
        System.out.printf("%nScoville is ready in %d ms%n", Duration.between(begin, Instant.now()).toMillis());
        System.out.printf("  HTTP API         %s/v1/products%n", service.httpUrl());
        System.out.printf("  Dashboard        %s/dashboard%n", service.httpUrl());
        System.out.printf("  OpenAPI          %s/openapi.json%n", service.httpUrl());
        if (service.runsDevIssuer()) {
            System.out.printf("  OAuth issuer     %s (development issuer; demo secret: DEV_CLIENT_SECRET%s)%n", service.issuer(),
                    System.getenv("DEV_CLIENT_SECRET") == null ? ", default scoville-dev" : "");
            System.out.printf("  A token          curl -s %s/token -d grant_type=client_credentials -d client_id=backoffice -d client_secret=...%n",
                    service.issuer());
        } else {
            System.out.printf("  OAuth issuer     %s%n", service.issuer());
        }
        System.out.printf("  Kafka            %s%s%n", service.bootstrapServers(), config.embeddedKafka() ? " (embedded)" : "");
        System.out.printf("  Schema registry  %s%s%n%n", service.registryUrl(), config.embeddedRegistry() ? " (embedded)" : "");
    }
}
