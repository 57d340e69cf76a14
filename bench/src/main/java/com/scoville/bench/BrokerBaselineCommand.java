package com.scoville.bench;

import com.scoville.clients.KafkaClients;

import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ceiling: raw records the size of an Avro Order of two lines, written to a scratch topic of the same broker
 * by an idempotent acks=all producer, with nothing downstream. Its audit: the topic grew by exactly the acks.
 */
@Command(name = "broker-baseline", mixinStandardHelpOptions = true,
        description = "Raw order-sized records to the scratch topic 'bench-baseline' with an idempotent acks=all producer: the pipeline's ceiling.")
final class BrokerBaselineCommand implements Callable<Integer>, Scenario {
    static final String TOPIC = "bench-baseline";

    @Mixin
    CommonOptions common;

    @Option(names = {"-n", "--records"}, defaultValue = "1000000", description = "Records to write (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--max-duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop writing after this long (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    private int recordSize;
    private int partitions;
    private long endBefore;

    @Override
    public Integer call() throws Exception {
        return ScenarioRun.execute(common, this, false);
    }

    @Override
    public String name() {
        return "broker-baseline";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("records", records);
        p.put("topic", TOPIC);
        p.put("producer", "idempotent, acks=all, linger.ms=5, batch.size=65536");
        return p;
    }

    @Override
    public boolean watchesOrders() {
        return false;
    }

    @Override
    public String unit() {
        return "record acknowledged";
    }

    @Override
    public void setup(RunContext ctx) throws Exception {
        Order sample = OrderFactory.avro("ord_abcdefghijklmnopqrstuvwxyz", "c1234", Channel.WEB,
                List.of(new OrderFactory.Line("HABANERO-150", 2), new OrderFactory.Line("GHOST-250", 1)));
        recordSize = Kafka.lookupOnly(AvroSerdes.specific(new SchemaRegistryClient(ctx.target.registryUrl), Order.class, false)
                .serializer()).serialize(Kafka.ORDERS, sample).length;
        try (Admin admin = Admin.create(KafkaClients.config(ctx.target.bootstrap))) {
            int orderPartitions = partitionsOf(admin, Kafka.ORDERS);
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, orderPartitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            partitions = partitionsOf(admin, TOPIC);
            endBefore = endOffsets(admin);
        }
        ctx.extras.put("recordBytes", recordSize);
        ctx.extras.put("partitions", partitions);
        System.out.printf("An Avro Order of 2 lines is %d bytes; writing %d records of that size to %s (%d partitions)%n",
                recordSize, records, TOPIC, partitions);
    }

    @Override
    public void load(RunContext ctx) {
        byte[] value = new byte[recordSize];
        new Random(42).nextBytes(value);
        long deadline = System.nanoTime() + maxDuration.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Kafka.producer(ctx.target.bootstrap, "scoville-bench-baseline"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records && System.nanoTime() < deadline; i++) {
                byte[] key = ("ord_" + ctx.runId + "b" + i).getBytes(StandardCharsets.UTF_8);
                long sentAt = ctx.tracker.sending();
                producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, error) -> {
                    if (error != null) {
                        ctx.tracker.error(Api.errorKind(error));
                    } else {
                        ctx.tracker.acked(sentAt);
                    }
                });
            }
            producer.flush();
        }
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) throws Exception {
        long written;
        try (Admin admin = Admin.create(KafkaClients.config(ctx.target.bootstrap))) {
            written = endOffsets(admin) - endBefore;
        }
        long acked = ctx.tracker.accepted();
        long lost = Math.max(0, acked - written);
        long duplicated = Math.max(0, written - acked);
        ctx.extras.put("recordsOnTopic", written);
        List<String> problems = lost + duplicated == 0 ? List.of()
                : List.of("the topic grew by " + written + " records for " + acked + " acknowledged sends");
        return IntegrityAudit.Result.ofRecordsOnTopic(lost, duplicated, 0, "no orders, no revenue: records counted on " + TOPIC, problems);
    }

    private static int partitionsOf(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private long endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(TOPIC, p))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
}
