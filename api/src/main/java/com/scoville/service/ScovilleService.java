package com.scoville.service;

import com.scoville.clients.KafkaClients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.ScovilleTopology;
import com.scoville.avro.CommandOutcome;
import com.scoville.devstack.EmbeddedKafka;
import com.scoville.devstack.registry.EmbeddedSchemaRegistry;
import com.scoville.http.HealthRoutes;
import com.scoville.http.HttpApi;
import com.scoville.http.Json;
import com.scoville.http.Metrics;
import com.scoville.http.OpenApiRoutes;
import com.scoville.http.analytics.AlertService;
import com.scoville.http.analytics.AnalyticsGraphQl;
import com.scoville.http.audit.AuditQueries;
import com.scoville.http.audit.AuditRoutes;
import com.scoville.http.audit.HttpAuditLog;
import com.scoville.http.analytics.AnalyticsGraphQlRoutes;
import com.scoville.http.analytics.AnalyticsRoutes;
import com.scoville.http.analytics.FunnelService;
import com.scoville.http.analytics.SegmentService;
import com.scoville.http.analytics.AnalyticsService;
import com.scoville.http.analytics.DashboardRoutes;
import com.scoville.http.analytics.GraphiQlRoutes;
import com.scoville.http.analytics.FeedbackRoutes;
import com.scoville.http.analytics.FeedbackService;
import com.scoville.http.analytics.WindowGatherer;
import com.scoville.http.catalog.CatalogReader;
import com.scoville.http.catalog.CatalogSeeder;
import com.scoville.http.catalog.ProductRoutes;
import com.scoville.http.catalog.ProductService;
import com.scoville.http.inventory.InventoryRoutes;
import com.scoville.http.inventory.InventoryService;
import com.scoville.http.kafka.CommandOutcomes;
import com.scoville.http.kafka.DecisionBacklog;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.kafka.RemoteInstances;
import com.scoville.http.kafka.ServiceContext;
import com.scoville.http.kafka.StatusFeed;
import com.scoville.http.kafka.StoreQueries;
import com.scoville.http.kafka.TopicFeed;
import com.scoville.http.orders.OrderListing;
import com.scoville.http.orders.OrderRoutes;
import com.scoville.http.orders.OrderService;
import com.scoville.http.security.DevIssuer;
import com.scoville.http.security.DevIssuerRoutes;
import com.scoville.http.security.Gatekeeper;
import com.scoville.http.security.RateLimits;
import com.scoville.http.security.TokenVerifier;
import com.scoville.http.webhooks.DeliveryLog;
import com.scoville.http.webhooks.WebhookDispatcher;
import com.scoville.http.webhooks.WebhookRegistry;
import com.scoville.http.webhooks.WebhookRoutes;
import com.scoville.http.webhooks.WebhookService;
import com.scoville.kafka.LocalTaskState;
import com.scoville.kafka.ScovilleConfig;
import com.scoville.kafka.StreamsRuntime;
import com.scoville.kafka.TopicCreator;
import com.scoville.kafka.Topics;
import com.scoville.registry.RegistryClientSettings;
import com.scoville.registry.SchemaRegistryClient;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The whole service, started in order: broker (embedded mode), registry (embedded mode), topics,
 * Kafka Streams, HTTP. Closed in the reverse order. Used by {@link Main}, the tests and the benchmark.
 */
public final class ScovilleService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScovilleService.class);
    /** How long a write waits for the topology's word on its command before answering 409 (try again). */
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final ScovilleConfig config;
    private String bootstrapServers;
    private String registryUrl;
    private StreamsRuntime streams;
    private StatusFeed statusFeed;
    private Javalin http;
    private String httpUrl;
    private AnalyticsService analytics;
    private String issuer;
    private DevIssuer devIssuer;

    private ScovilleService(ScovilleConfig config) {
        this.config = config;
    }

    public static ScovilleService start(ScovilleConfig config) {
        ScovilleService service = new ScovilleService(config);
        try {
            service.startParts();
            return service;
        } catch (Exception e) {
            service.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Scoville could not start", e);
        }
    }

    private void startParts() throws Exception {
        RateLimits limits = RateLimits.parse(config.rateLimits()); // a malformed RATE_LIMITS stops the start before anything runs
        if (config.embeddedKafka() && config.kafkaCredentials().isPresent()) {
            throw new IllegalArgumentException("KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD log in to a cluster set by KAFKA_BOOTSTRAP_SERVERS;"
                    + " the embedded broker is loopback-only PLAINTEXT (use the cluster subcommand for a secured one)");
        }
        // Every Kafka client this process makes from here on logs in as this user (none: PLAINTEXT).
        KafkaClients.use(config.kafkaCredentials());
        if (config.embeddedKafka()) {
            EmbeddedKafka kafka = EmbeddedKafka.start(config.kafkaDataDir(), config.embeddedKafkaPort());
            closeables.push(kafka);
            bootstrapServers = kafka.bootstrapServers();
        } else {
            bootstrapServers = config.kafkaBootstrapServers().orElseThrow();
        }
        EmbeddedSchemaRegistry embeddedRegistry = null;
        if (config.embeddedRegistry()) {
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(bootstrapServers,
                    config.embeddedRegistryHost(), config.embeddedRegistryPort(), config.schemaRegistryUserInfo());
            registry.start();
            closeables.push(registry);
            embeddedRegistry = registry;
            registryUrl = registry.url();
        } else {
            registryUrl = config.schemaRegistryUrl().orElseThrow();
        }
        log.info("Starting: Kafka at {} ({}), schema registry at {}", bootstrapServers,
                KafkaClients.credentials().map(c -> "SASL/SCRAM as " + c.username()).orElse("PLAINTEXT, no login"), registryUrl);
        long clientsBegan = System.nanoTime();
        Topics topics = new Topics(new SchemaRegistryClient(registryUrl,
                RegistryClientSettings.DEFAULTS.withUserInfo(config.schemaRegistryUserInfo().orElse(null))), config.partitions());
        KafkaWriter writer = new KafkaWriter(bootstrapServers);
        closeables.push(writer);
        HttpAuditLog auditLog = new HttpAuditLog(writer, topics.audit, Clock.systemUTC());
        closeables.push(auditLog);
        if (embeddedRegistry != null) {
            embeddedRegistry.onChange(auditLog::registryChange); // from here on, its schema and level writes are audited
        }

        int httpPort = config.httpPort() == 0 ? freePort(config.httpHost()) : config.httpPort();
        httpUrl = config.advertisedHttpUrl().orElse("http://" + config.httpHost() + ":" + httpPort);
        URI advertised = URI.create(httpUrl);
        HostInfo self = new HostInfo(advertised.getHost(), advertised.getPort());

        ScovilleTopology.Settings settings = ScovilleTopology.Settings.of(config);
        long clientsMade = System.nanoTime();
        try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers))) {
            forgetStateOfAnotherCluster(admin, StreamsRuntime.appStateDir(config));
            log.info("Clients made in {} ms; the cluster answered its id in {} ms", (clientsMade - clientsBegan) / 1_000_000,
                    (System.nanoTime() - clientsMade) / 1_000_000);
            // Kafka Streams' clients need neither the topics nor the schemas yet: they are made meanwhile, so a restarted
            // instance rejoins its group sooner (within its session, it takes its tasks back at once). The schemas
            // follow the topics: registering one is audited, and the audit's write must find 'audit' made as it
            // should be, not made by a broker that creates topics on first use.
            CompletableFuture<Void> topicsAndSchemas = startStep("start-topics", () -> {
                long began = System.nanoTime();
                TopicCreator.ensure(admin, topics.all(), config.replicationFactor());
                log.info("Topics there in {} ms", (System.nanoTime() - began) / 1_000_000);
                began = System.nanoTime();
                topics.registerSchemas();
                log.info("Schemas registered in {} ms", (System.nanoTime() - began) / 1_000_000);
            });
            streams = new StreamsRuntime(ScovilleTopology.build(settings, topics),
                    StreamsRuntime.properties(config, bootstrapServers, self.host() + ":" + self.port(), topics.ordersDlq.name()),
                    StreamsRuntime.clients(config));
            closeables.push(streams);
            finish(topicsAndSchemas);
            if (config.seedCatalog()) {
                CatalogSeeder.seedIfEmpty(admin, writer, topics, Clock.systemUTC());
            }
        }
        log.info("Topics checked; starting Kafka Streams");
        streams.start();

        // The feeds beside Kafka Streams each wait for the brokers (partitions, end offsets, a group): they start side by
        // side while Kafka Streams rebalances, and the HTTP server opens once all are there. One after another, they
        // took 11 s of a restart under load, and the instance was ready that much later than Kafka Streams.
        long feedsBegan = System.nanoTime();
        statusFeed = new StatusFeed(bootstrapServers, topics.orderStatus);
        closeables.push(statusFeed);
        TopicFeed<CommandOutcome> outcomeFeed = new TopicFeed<>(bootstrapServers, topics.commandOutcomes, "outcome-feed");
        closeables.push(outcomeFeed);
        List<CompletableFuture<Void>> feeds = new ArrayList<>(List.of(
                startStep("start-status-feed", statusFeed::start), startStep("start-outcome-feed", outcomeFeed::start)));
        CommandOutcomes outcomes = new CommandOutcomes(outcomeFeed, COMMAND_WAIT);

        ObjectMapper json = Json.mapper();
        StoreQueries queries = new StoreQueries(streams.streams(), self);
        CatalogReader catalog = new CatalogReader(streams.streams());
        String peerSecret = config.effectivePeerSecret();
        RemoteInstances remote = new RemoteInstances(json, Gatekeeper.peerProof(peerSecret));
        ServiceContext context = new ServiceContext(topics, writer, queries, remote, statusFeed, outcomes, catalog,
                config.maxOrderLines(), config.maxLineQuantity(), Clock.systemUTC());
        // Every topic an order passes on its way into the orders store, from intake to its decision.
        DecisionBacklog backlog = new DecisionBacklog(bootstrapServers, config.applicationId(), List.of(topics.orders.name(),
                topics.orderIntake.name(), topics.orderRequests.name(), topics.reservationAnswers.name(), topics.orderStatus.name())).start();
        closeables.push(backlog);
        OrderService orders = new OrderService(context, backlog, settings.actorSeal());
        InventoryService inventory = new InventoryService(context);
        ProductService products = new ProductService(context, catalog, inventory);
        WindowGatherer windows = new WindowGatherer(queries, remote, config.partitions());
        analytics = new AnalyticsService(windows, catalog, Clock.systemUTC());
        FunnelService funnel = new FunnelService(windows, analytics);
        SegmentService segments = new SegmentService(queries, remote, config.partitions(), Clock.systemUTC());
        WebhookRegistry webhookRegistry = new WebhookRegistry();
        closeables.push(webhookRegistry);
        DeliveryLog deliveryLog = new DeliveryLog(id -> webhookRegistry.find(id).isPresent());
        closeables.push(deliveryLog);
        webhookRegistry.onRemoved(deliveryLog::forget); // removed on any instance: its attempts are forgotten everywhere
        WebhookService webhooks = new WebhookService(webhookRegistry, deliveryLog, writer, topics.webhooks,
                config.webhookAllowLoopback(), Clock.systemUTC(), auditLog);
        // beside Kafka Streams, never in it: endpoints cannot slow a reservation down
        WebhookDispatcher dispatcher = new WebhookDispatcher(bootstrapServers, config, self.host() + ":" + self.port(), topics, webhookRegistry, writer, json, Clock.systemUTC());
        closeables.push(dispatcher);
        // In this order: the delivery log keeps attempts of known webhooks only, and the dispatcher delivers to them.
        feeds.add(startStep("start-webhooks", () -> {
            webhookRegistry.follow(bootstrapServers, topics.webhooks);
            deliveryLog.follow(bootstrapServers, topics.webhookDeliveries);
            dispatcher.start();
        }));
        Metrics metrics = new Metrics(streams.streams());
        closeables.push(metrics);
        streams.whenRunning(metrics::lookForNewKafkaMetrics);
        metrics.lookForNewKafkaMetrics(); // in case Streams became RUNNING while they were bound
        metrics.gauge("scoville.analytics.lag.seconds", "Now minus the time of the latest payment counted in the sales windows",
                () -> analytics.lag().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        metrics.gauge("scoville.inventory.anomalies", "SKUs (in this instance's partitions) breaking 0 <= reserved <= onHand; expected 0",
                inventory, InventoryService::localAnomalies);
        metrics.gauge("scoville.status.waiters", "Requests waiting for an order to change (Prefer: wait)", statusFeed, StatusFeed::waiting);
        metrics.gauge("scoville.decisions.stalled.partitions", "Partitions deciding orders whose records have waited 5 s without the application moving on (an owner dead or restoring); expected 0",
                backlog, DecisionBacklog::stalledPartitions);
        metrics.gauge("scoville.webhooks.pending", "Webhook messages read and not yet delivered or dead-lettered on this instance",
                dispatcher, WebhookDispatcher::pending);
        metrics.gauge("scoville.outcome.waiters", "Writes waiting for the topology to say what became of their command", outcomes, CommandOutcomes::waiting);
        List<Consumer<RoutesConfig>> security = new ArrayList<>();
        TokenVerifier verifier;
        if (config.oauthIssuer().isPresent()) {
            verifier = TokenVerifier.forIssuer(config.oauthIssuer().get(), config.oauthAudience(), Clock.systemUTC());
        } else {
            devIssuer = new DevIssuer(httpUrl + DevIssuer.PATH, config.oauthAudience(), config.devClientSecret(), Clock.systemUTC(),
                    config.dataDir().resolve("dev-issuer-key.json"));
            verifier = new TokenVerifier(devIssuer.issuer(), config.oauthAudience(), devIssuer.keys(), Clock.systemUTC());
            security.add(new DevIssuerRoutes(devIssuer)::register);
        }
        issuer = verifier.issuer();
        security.add(new Gatekeeper(verifier, limits, Gatekeeper.peerProof(peerSecret))::register);
        List<Consumer<RoutesConfig>> routes = new ArrayList<>(List.of(
                metrics::register));
        routes.add(auditLog::watch); // every 401 and 403, whoever answered it: the gate or a domain rule
        routes.addAll(security);
        routes.addAll(List.of(
                new AnalyticsRoutes(windows, segments)::register,
                new AnalyticsGraphQlRoutes(new AnalyticsGraphQl(analytics, funnel, segments, AlertService.of(streams.streams(), Clock.systemUTC())), json)::register,
                new DashboardRoutes()::register,
                new GraphiQlRoutes()::register,
                new FeedbackRoutes(new FeedbackService(context), json)::register,
                // the feeds only a restart brings back: the status feed, and the webhook registry and dispatcher
                new HealthRoutes(streams::isAlive, () -> statusFeed.alive() && webhookRegistry.alive() && dispatcher.alive(),
                        streams::isRunning)::register,
                new OpenApiRoutes()::register,
                new AuditRoutes(new AuditQueries(streams.streams()))::register,
                new OrderRoutes(orders, new OrderListing(queries, remote, topics.orderStatus.name()), json)::register,
                new ProductRoutes(products, json)::register,
                new InventoryRoutes(inventory, json)::register,
                new WebhookRoutes(webhooks, json)::register));
        feeds.forEach(ScovilleService::finish);
        log.info("Feeds there in {} ms", (System.nanoTime() - feedsBegan) / 1_000_000);
        http = HttpApi.create(config.httpHost(), httpPort, json, routes);
        http.start();
        closeables.push(() -> http.stop());
    }

    /** Blocks until Kafka Streams is RUNNING (all stores restored), or throws after {@code timeout}. */
    public ScovilleService awaitReady(Duration timeout) {
        try {
            if (!streams.awaitRunning(timeout)) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING in " + timeout + ": " + streams.streams().state());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    public String httpUrl() {
        return httpUrl;
    }

    /** The issuer whose tokens this instance accepts: OAUTH_ISSUER, or its own development issuer. */
    public String issuer() {
        return issuer;
    }

    /** Whether this instance runs the development issuer (OAUTH_ISSUER unset). */
    public boolean runsDevIssuer() {
        return devIssuer != null;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public StreamsRuntime streams() {
        return streams;
    }

    public StatusFeed statusFeed() {
        return statusFeed;
    }

    public AnalyticsService analytics() {
        return analytics;
    }

    public ScovilleConfig config() {
        return config;
    }

    /** Stops taking requests, then closes Streams, flushes the producer and stops registry and broker. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Error while closing {}", c, e);
            }
        }
    }

    /**
     * Local state copied from another Kafka cluster (a new broker, a wiped cluster) is deleted before Kafka Streams opens
     * it. If the cluster cannot tell its id now, the state is left as it is.
     */
    private static void forgetStateOfAnotherCluster(Admin admin, java.nio.file.Path appStateDir) {
        String clusterId;
        try {
            clusterId = admin.describeCluster().clusterId().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("The Kafka cluster's id is not known now ({}): the local state is taken as this cluster's", e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting", e);
        }
        LocalTaskState.forgetIfCopiedFromAnotherCluster(appStateDir, clusterId);
    }

    /** A step of the start on a thread of its own. */
    private static CompletableFuture<Void> startStep(String threadName, Runnable step) {
        return CompletableFuture.runAsync(step, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Waits for a step of the start; its failure stops the start with the step's own exception. */
    private static void finish(CompletableFuture<Void> step) {
        try {
            step.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
