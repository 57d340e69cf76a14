package com.scoville.service.it;

import com.scoville.kafka.DeadLetters;
import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import com.scoville.service.it.fuzz.HostileOrder;
import com.scoville.service.it.fuzz.HostileOrders;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners produce straight to 'orders' (issue 12, item 3, second half): hostile but schema-valid Avro orders, and
 * a few records that are no Avro order at all ({@link HostileOrders}). Each ends REJECTED on 'order-status' or on
 * 'orders-dlq' with its reason in the headers, and afterwards orders behind them, on every partition, are still
 * reserved.
 */
class HostileAvroOrdersIT {
    private static final Logger log = LoggerFactory.getLogger(HostileAvroOrdersIT.class);
    private static final int BATCH = 60;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static OwnStack stack;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Serializer<GenericRecord> avro;
    private static Serializer<Order> orders;
    private static Deserializer<OrderState> states;
    private static HostileOrders hostile;
    private static final AtomicInteger produced = new AtomicInteger();

    @BeforeContainer
    static void startTheService() {
        stack = OwnStack.start("hostile-avro");
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.service.registryUrl());
        avro = AvroSerdes.generic(registry, false).serializer();
        orders = AvroSerdes.specific(registry, Order.class, false).serializer();
        states = AvroSerdes.specific(registry, OrderState.class, false).deserializer();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.service.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
        List<String> sauces = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        for (JsonNode p : stack.http.get("/v1/products?limit=200").body().path("items")) {
            ("BUNDLE".equals(p.path("type").asText()) ? bundles : sauces).add(p.path("sku").asText());
        }
        byte[] product = AvroSerdes.specific(registry, Product.class, false).serializer().serialize("products", Product.newBuilder()
                .setSku("NOT-AN-ORDER").setName("not an order").setType(ProductType.SAUCE).setHeatLevel(1).setPriceCents(1)
                .setWholesalePriceCents(1).setComponents(List.of()).setUpdatedAt(Instant.now()).build());
        byte[] order = orders.serialize("orders", Order.newBuilder()
                .setOrderId("cut-short").setCustomerId("partner-acme").setChannel(Channel.WHOLESALE)
                .setLines(List.of(OrderLine.newBuilder().setSku(sauces.get(0)).setQuantity(1).build())).setCreatedAt(Instant.now()).build());
        hostile = new HostileOrders(sauces, bundles, product, order);
    }

    @AfterContainer
    static void stopTheService() {
        log.info("Produced {} hostile records", produced.get());
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Provide
    Arbitrary<List<HostileOrder>> batches() {
        return hostile.any().list().ofSize(BATCH);
    }

    @Property(tries = 5, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void everyHostileOrderEndsRejectedOrDeadLetteredAndOrdersBehindThemAreReserved(@ForAll("batches") List<HostileOrder> batch) throws Exception {
        // given a sauce in stock, and where 'order-status' and 'orders-dlq' end now
        String sku = Canary.freshSauce(stack.http, 10);
        try (Outcomes outcomes = new Outcomes()) {
            // when the hostile records are produced, then a good order for each partition behind them
            Map<String, Produced> sent = new LinkedHashMap<>();
            for (HostileOrder order : batch) {
                String marker = "hostile-" + produced.incrementAndGet();
                ProducerRecord<byte[], byte[]> record = order.toRecord("orders", marker, avro);
                RecordMetadata written = producer.send(record).get();
                sent.put(marker, new Produced(order, record.key(), record.value(), written.partition(), written.offset()));
            }
            List<String> good = goodOrdersOnEveryPartition(sku);

            // then each hostile record is REJECTED or dead-lettered with its reason (each poll waits for records)
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!sent.values().stream().allMatch(Produced::settled) && System.nanoTime() < deadline) {
                outcomes.poll(sent);
            }
            List<String> unsettled = sent.entrySet().stream().filter(e -> !e.getValue().settled())
                    .map(e -> e.getKey() + " " + e.getValue().order() + " -> " + e.getValue().seen()).toList();
            assertThat(unsettled).as("hostile records neither REJECTED nor dead-lettered (of %s; Kafka Streams is %s)",
                    batch.size(), stack.service.streams().streams().state()).isEmpty();
            assertThat(sent.values().stream().filter(p -> p.deadLetter() != null && !p.hasReason()).map(Produced::order).toList())
                    .as("dead letters without the reason in their headers").isEmpty();

            // and the orders behind them are reserved, and the service is ready
            for (String id : good) {
                assertThat(Canary.decidedStatus(stack.http, id)).as("the good order %s behind the hostile ones", id).isEqualTo("RESERVED");
            }
            Canary.orderIsReserved(stack.http);
        }
    }

    /** One good partner order per partition of 'orders', keyed by its id, for a sauce with stock of its own. */
    private static List<String> goodOrdersOnEveryPartition(String sku) throws Exception {
        int partitions = producer.partitionsFor("orders").size();
        Map<Integer, String> ids = new LinkedHashMap<>();
        while (ids.size() < partitions) {
            String id = "good-" + UUID.randomUUID();
            ids.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions, id);
        }
        for (String id : ids.values()) {
            Order good = Order.newBuilder().setOrderId(id).setCustomerId("partner-acme").setChannel(Channel.WHOLESALE)
                    .setLines(List.of(OrderLine.newBuilder().setSku(sku).setQuantity(1).build())).setCreatedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>("orders", id.getBytes(StandardCharsets.UTF_8), orders.serialize("orders", good))).get();
        }
        return List.copyOf(ids.values());
    }

    /** A hostile record as produced, and what became of it. */
    static final class Produced {
        private final HostileOrder order;
        private final byte[] key;
        private final byte[] value;
        private final int partition;
        private final long offset;
        private final List<String> statuses = new ArrayList<>();
        private ConsumerRecord<byte[], byte[]> deadLetter;

        Produced(HostileOrder order, byte[] key, byte[] value, int partition, long offset) {
            this.order = order;
            this.key = key;
            this.value = value;
            this.partition = partition;
            this.offset = offset;
        }

        /** The dead letter of this record: the same bytes, or (when its payload was left out) its place in 'orders'. */
        boolean isDeadLetter(ConsumerRecord<byte[], byte[]> letter) {
            return (Arrays.equals(key, letter.key()) && Arrays.equals(value, letter.value()))
                    || ("orders".equals(header(letter, DeadLetters.TOPIC)) && String.valueOf(partition).equals(header(letter, DeadLetters.PARTITION))
                    && String.valueOf(offset).equals(header(letter, DeadLetters.OFFSET)));
        }

        private static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
            var h = letter.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        HostileOrder order() {
            return order;
        }

        ConsumerRecord<byte[], byte[]> deadLetter() {
            return deadLetter;
        }

        /**
         * Dead-lettered, or REJECTED; an order whose only flaw is its key (none, or not its orderId) is re-keyed by
         * its orderId and decided like any other: once, RESERVED or REJECTED.
         */
        boolean settled() {
            boolean onlyItsKey = order.what().equals("key is not the order id") || order.what().equals("no key");
            return deadLetter != null || statuses.contains("REJECTED")
                    || (onlyItsKey && statuses.stream().filter("RESERVED"::equals).count() == 1);
        }

        boolean hasReason() {
            return Arrays.stream(deadLetter.headers().toArray()).anyMatch(h -> h.key().contains("exception"));
        }

        String seen() {
            return statuses.isEmpty() ? "nothing on order-status or orders-dlq" : "order-status " + statuses;
        }
    }

    /** Reads 'order-status' (read_committed) and 'orders-dlq' from where they end when it is made. */
    private static final class Outcomes implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> status = consumer("order-status", org.apache.kafka.common.serialization.StringDeserializer.class);
        private final KafkaConsumer<byte[], byte[]> dlq = consumer("orders-dlq", ByteArrayDeserializer.class);

        void poll(Map<String, Produced> sent) {
            for (ConsumerRecord<String, byte[]> r : status.poll(Duration.ofMillis(200))) {
                OrderState state = states.deserialize("order-status", r.value());
                sent.forEach((marker, p) -> {
                    if (state != null && (state.getCustomerId().startsWith(marker + ":") || state.getOrderId().startsWith(marker + ":"))) {
                        p.statuses.add(state.getStatus().name());
                    }
                });
            }
            for (ConsumerRecord<byte[], byte[]> r : dlq.poll(Duration.ofMillis(200))) {
                sent.values().stream().filter(p -> p.deadLetter == null && p.isDeadLetter(r))
                        .findFirst().ifPresent(p -> p.deadLetter = r);
            }
        }

        private static <K> KafkaConsumer<K, byte[]> consumer(String topic, Class<?> keyDeserializer) {
            KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.service.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seek now, not at the first poll (after the records are produced)
            return consumer;
        }

        @Override
        public void close() {
            status.close();
            dlq.close();
        }
    }
}
