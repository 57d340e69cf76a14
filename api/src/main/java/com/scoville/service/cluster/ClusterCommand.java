package com.scoville.service.cluster;

import com.scoville.devstack.registry.EmbeddedSchemaRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** A whole cluster on this machine, each part its own process, until Ctrl-C. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Runs Kafka brokers, the schema registry and several Scoville instances on this machine, each its own process.")
public final class ClusterCommand implements Callable<Integer> {
    @Option(names = "--brokers", defaultValue = "3", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    int brokers;
    @Option(names = "--instances", defaultValue = "3", description = "Scoville instances (default: ${DEFAULT-VALUE}).")
    int instances;
    @Option(names = "--broker-port", defaultValue = "" + LocalCluster.DEFAULT_BROKER_PORT, description = "First broker's port (default: ${DEFAULT-VALUE}).")
    int brokerPort;
    @Option(names = "--registry-port", defaultValue = "" + EmbeddedSchemaRegistry.DEFAULT_PORT, description = "Registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;
    @Option(names = "--http-port", defaultValue = "7070", description = "First instance's HTTP port; the others follow (default: ${DEFAULT-VALUE}).")
    int httpPort;
    @Option(names = "--data", defaultValue = "data/cluster", description = "Folder of every part's data and logs (default: ${DEFAULT-VALUE}).")
    Path data;
    @Option(names = "--env", description = "A setting for every instance, KEY=VALUE (repeatable).")
    Map<String, String> env = Map.of();

    @Override
    public Integer call() throws InterruptedException {
        LocalCluster.Layout layout = new LocalCluster.Layout(brokers, instances, brokerPort, registryPort, httpPort,
                data.toAbsolutePath(), env, LocalCluster.defaultJvmOptions());
        LocalCluster cluster = LocalCluster.start(layout, System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the cluster ...");
            cluster.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.printf("%nThe cluster is ready (Ctrl-C stops it)%n");
        System.out.printf("  Kafka            %s%n", cluster.bootstrapServers());
        System.out.printf("  Schema registry  %s%n", cluster.registryUrl());
        for (String url : cluster.httpUrls()) {
            System.out.printf("  Instance         %s/v1/products   %s/dashboard%n", url, url);
        }
        System.out.printf("  Logs             %s%n", layout.dataDir().resolve("logs"));
        System.out.printf("  Security         %s%n%n", cluster.credentials().describe());
        stopped.await();
        return 0;
    }
}
