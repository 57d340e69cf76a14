package com.scoville.service;

import com.scoville.kafka.ScovilleConfig;
import com.scoville.service.cluster.BrokerCommand;
import com.scoville.service.cluster.ClusterCommand;
import com.scoville.service.cluster.RegistryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Runs Scoville. Without a subcommand: the service, by default with everything on this machine (broker, registry,
 * streams, HTTP), configured from the environment. The subcommands start the parts of a cluster on one machine as
 * separate processes: {@code broker}, {@code registry}, or all of them at once with {@code cluster}.
 */
@Command(name = "scoville", mixinStandardHelpOptions = true,
        description = "Runs the Scoville service (configured from the environment), or one part of a local cluster.",
        subcommands = {BrokerCommand.class, RegistryCommand.class, ClusterCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The service: runs until the JVM is stopped, closing cleanly on SIGTERM. */
    @Override
    public Integer call() {
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
        System.out.printf("  Kafka            %s%s%n", service.bootstrapServers(), config.embeddedKafka()
                ? " (embedded: loopback-only PLAINTEXT, no login, no ACLs - for development)"
                : config.kafkaCredentials().map(c -> " (SASL/SCRAM-SHA-256 as " + c.username() + ")").orElse(" (PLAINTEXT)"));
        System.out.printf("  Schema registry  %s%s%n%n", service.registryUrl(), (config.embeddedRegistry() ? " (embedded)" : "")
                + (config.schemaRegistryUserInfo().isPresent() ? " (Basic credentials for writes)"
                : config.embeddedRegistry() ? " (open to anyone who reaches it - for development)" : ""));
        return 0;
    }
}
