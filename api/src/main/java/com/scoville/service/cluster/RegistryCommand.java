package com.scoville.service.cluster;

import com.scoville.clients.KafkaClients;
import com.scoville.clients.KafkaCredentials;
import com.scoville.devstack.registry.EmbeddedSchemaRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The Confluent-compatible schema registry on its own, keeping its schemas in the cluster, until SIGTERM. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Runs the Confluent-compatible schema registry over a Kafka cluster.")
public final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", defaultValue = LocalCluster.DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;
    @Option(names = "--port", defaultValue = "" + EmbeddedSchemaRegistry.DEFAULT_PORT, description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        // Its Kafka login comes from KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD (KafkaClients), its writer from SCHEMA_REGISTRY_USER_INFO.
        Optional<String> writer = Optional.ofNullable(System.getenv(ClusterCredentials.REGISTRY_WRITER_ENV)).filter(v -> !v.isBlank());
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(bootstrap, EmbeddedSchemaRegistry.DEFAULT_HOST, port, writer).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.printf("Schema registry ready at %s (Kafka %s as %s; writes %s)%n", registry.url(), bootstrap,
                KafkaClients.credentials().map(KafkaCredentials::username).orElse("nobody, PLAINTEXT"),
                writer.isPresent() ? "need Basic credentials" : "open to anyone");
        stopped.await();
        return 0;
    }
}
