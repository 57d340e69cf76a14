package com.scoville.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.service.ScovilleService;
import com.scoville.kafka.ScovilleConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool as a user runs it (its command line, its report), against one real embedded stack. */
class BenchScenariosIT {
    private static ScovilleService service;

    @TempDir
    static Path data;

    @BeforeAll
    static void startStack() {
        service = ScovilleService.start(ScovilleConfig.from(Map.of("KAFKA_PORT", "0", "REGISTRY_PORT", "0", "HTTP_PORT", "0",
                "DATA_DIR", data.resolve("data").toString(), "STATE_DIR", data.resolve("state").toString(),
                // the tool is one principal (the back office, its default) at hundreds of requests a second
                "RATE_LIMITS", BenchTarget.UNLIMITED)));
        service.awaitReady(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopStack() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aFlashSaleSellsTheStockOnceAndPassesItsAudit(@TempDir Path out) throws Exception {
        JsonNode report = run(out, "flash-sale", "--stock", "20", "--buyers", "300", "--concurrency", "16");

        assertThat(report.path("accepted").asLong()).isEqualTo(300);
        assertThat(report.path("processed").asLong()).isEqualTo(300);
        assertThat(report.path("outcomes").path("RESERVED").asLong()).isEqualTo(20);
        assertThat(report.path("outcomes").path("REJECTED").asLong()).isEqualTo(280);
        assertThat(report.path("audit").path("ok").asBoolean()).isTrue();
        assertThat(report.path("audit").path("oversoldSkus")).isEmpty();
        assertThat(report.path("audit").path("stockMismatchSkus")).isEmpty();
        assertThat(report.path("cpu").path("msPerUnit").asDouble()).isPositive();
        assertThat(report.path("cpu").path("unit").asText()).isEqualTo("order decided");
    }

    @Test
    void aFlashSaleVersusPostgresRunsTheSameLoadOnTheRelationalTwinAndAuditsBoth(@TempDir Path out) throws Exception {
        JsonNode report = run(out, "flash-sale", "--stock", "20", "--buyers", "300", "--concurrency", "16", "--versus", "postgres",
                "--twin-pool", "4");

        assertThat(report.path("outcomes").path("RESERVED").asLong()).isEqualTo(20);
        assertThat(report.path("audit").path("ok").asBoolean()).isTrue();
        assertThat(report.path("brokerRecordsPerOrder").asDouble()).as("an order's input, its decision and its stock entry at least").isGreaterThanOrEqualTo(3);
        assertThat(report.path("brokerRecords").path("byTopic").path("order-status").asLong()).as("one decision per order at least").isGreaterThanOrEqualTo(300);
        assertThat(report.path("sendToFinalP99Ms").asDouble()).isPositive();
        JsonNode versus = report.path("versus");
        assertThat(versus.path("engine").asText()).isEqualTo("postgresql");
        assertThat(versus.path("poolSize").asInt()).isEqualTo(4);
        assertThat(versus.path("settings").path("synchronous_commit").asText()).isEqualTo("on");
        assertThat(versus.path("accepted").asLong()).isEqualTo(300);
        assertThat(versus.path("outcomes").path("RESERVED").asLong()).isEqualTo(20);
        assertThat(versus.path("outcomes").path("REJECTED").asLong()).isEqualTo(280);
        assertThat(versus.path("acceptedPerSecond").asDouble()).isPositive();
        assertThat(versus.path("processedPerSecond").asDouble()).isPositive();
        assertThat(versus.path("finalP50Ms").asDouble()).isPositive();
        assertThat(versus.path("finalP99Ms").asDouble()).isPositive();
        assertThat(versus.path("cpu").path("msPerUnit").asDouble()).isPositive();
        assertThat(versus.path("audit").path("ok").asBoolean()).isTrue();
        assertThat(versus.path("audit").path("oversoldSkus")).isEmpty();
        assertThat(versus.path("audit").path("lostOrders").asLong()).isZero();
        assertThat(report.path("ratios").path("processed").asDouble()).isPositive();
        assertThat(report.path("ratios").path("finalP99Ms").asDouble()).isPositive();
    }

    @Test
    void aPartnerRunOnOneSkuOrdersOnlyThatSauce(@TempDir Path out) throws Exception {
        JsonNode report = run(out, "partner", "--orders", "300", "--skus", "1", "--restock", "2000");

        assertThat(report.path("extras").path("orderedSkus")).hasSize(1);
        assertThat(report.path("processed").asLong()).isEqualTo(300);
        assertThat(report.path("outcomes").path("RESERVED").asLong()).isEqualTo(300);
        assertThat(report.path("audit").path("ok").asBoolean()).isTrue();
        // every order held its one line on the one SKU: the audit checked that SKU's reserved against them
        assertThat(report.path("audit").path("stock")).hasSize(1);
    }

    @Test
    void theBrokersRecordCountIncludesTransactionMarkers() throws Exception {
        String topic = "bench-records-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (BrokerRecords records = new BrokerRecords(service.bootstrapServers())) {
            Map<TopicPartition, Long> before = records.snapshot();
            Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-records-test"));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
                }
                producer.commitTransaction();
            }

            BrokerRecords.Appended appended = BrokerRecords.between(before, records.snapshot());

            // three records and the commit marker, each one offset; the coordinator logged the transaction too
            assertThat(appended.byTopic()).containsEntry(topic, 4L);
            assertThat(appended.byTopic().get("__transaction_state")).isPositive();
        }
    }

    @Test
    void theHttpBaselineReplaysOneOrderWithoutWritingAnother(@TempDir Path out) throws Exception {
        JsonNode report = run(out, "http-baseline", "--requests", "2000", "--concurrency", "16");

        assertThat(report.path("accepted").asLong()).isEqualTo(2000);
        assertThat(report.path("errors").asLong()).isZero();
        assertThat(report.path("extras").path("recordsOfTheOrderOnOrders").asLong()).isEqualTo(1);
        assertThat(report.path("audit").path("ok").asBoolean()).isTrue();
        // the service runs elsewhere as far as the tool knows: no ceiling from this JVM's CPU
        assertThat(report.path("cpu").path("ceilingPerSecond").isNull()).isTrue();
    }

    @Test
    void aFailedAuditEndsTheRunWithItsOwnExitCode(@TempDir Path out) throws Exception {
        CommonOptions options = new CommonOptions();
        options.target = service.httpUrl();
        options.bootstrap = service.bootstrapServers();
        options.registry = service.registryUrl();
        options.report = out.resolve("failing.json");
        Scenario losesAnOrder = new Scenario() {
            @Override
            public String name() {
                return "failing-audit";
            }

            @Override
            public Map<String, Object> parameters() {
                return Map.of();
            }

            @Override
            public boolean watchesOrders() {
                return false;
            }

            @Override
            public void setup(RunContext ctx) {
            }

            @Override
            public void load(RunContext ctx) {
                ctx.tracker.acked(ctx.tracker.sending());
            }

            @Override
            public IntegrityAudit.Result audit(RunContext ctx) {
                return IntegrityAudit.Result.ofRecordsOnTopic(1, 0, 0, "a test audit", List.of("one order was lost"));
            }
        };

        int exit = ScenarioRun.execute(options, losesAnOrder, false);

        assertThat(exit).isEqualTo(BenchMain.AUDIT_FAILED);
        JsonNode report = Api.JSON.readTree(Files.readString(options.report));
        assertThat(report.path("audit").path("ok").asBoolean()).isFalse();
        assertThat(report.path("audit").path("problems").get(0).asText()).isEqualTo("one order was lost");
    }

    /** Runs the tool's command line against the stack; asserts exit code 0 and returns the JSON report. */
    private static JsonNode run(Path out, String scenario, String... options) throws Exception {
        Path report = out.resolve(scenario + ".json");
        List<String> args = new ArrayList<>(List.of(scenario, "--target", service.httpUrl(), "--bootstrap", service.bootstrapServers(),
                "--registry", service.registryUrl(), "--warmup", "0", "--report", report.toString()));
        args.addAll(List.of(options));
        int exit = BenchMain.commandLine().execute(args.toArray(String[]::new));
        assertThat(exit).as("exit code of " + args).isZero();
        assertThat(out.resolve(scenario + ".png")).exists();
        return Api.JSON.readTree(Files.readString(report));
    }
}
