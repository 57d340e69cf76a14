package com.scoville.service.it;

import com.scoville.avro.CommandOutcome;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import com.scoville.service.ScovilleService;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

/** Requests sent at the same moment with one Idempotency-Key, and what to check of their answers. */
final class Races {
    private Races() { }

    /** Sends every request at once (as near as threads allow) and returns the answers in the same order. */
    static List<Http.Response> race(List<Supplier<Http.Response>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Http.Response>> sent = new ArrayList<>();
            for (Supplier<Http.Response> request : requests) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Http.Response> answers = new ArrayList<>();
            for (Future<Http.Response> f : sent) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code copies} requests of each body, interleaved: a, b, a, b, ... */
    static <B> List<B> interleaved(B a, B b, int copies) {
        List<B> bodies = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            bodies.add(a);
            bodies.add(b);
        }
        return bodies;
    }

    /**
     * Exactly the requests that sent the applied body succeeded (with {@code success}); every other one got 422,
     * or 409 (still in progress): never a success for a body that was not applied.
     */
    static <B> void assertOnlyTheAppliedBodySucceeded(List<Http.Response> answers, List<B> bodies, B applied, int success) {
        for (int i = 0; i < answers.size(); i++) {
            Http.Response answer = answers.get(i);
            if (bodies.get(i).equals(applied)) {
                assertThat(answer.status()).as("request %s with the applied body %s: %s", i, bodies.get(i), answer.raw().body())
                        .isEqualTo(success);
            } else {
                assertThat(answer.status()).as("request %s with the body not applied %s: %s", i, bodies.get(i), answer.raw().body())
                        .isIn(409, 422);
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            }
        }
    }

    /**
     * Counts the outcomes published from now on. Each command sent with a command id gets exactly one, so
     * once a race's count is in, every racing request was handled by the topology, the late ones included.
     */
    static final class OutcomeTail implements AutoCloseable {
        private final KafkaConsumer<String, CommandOutcome> consumer;
        private final List<CommandOutcome> seen = new ArrayList<>();

        OutcomeTail(ScovilleService service) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    AvroSerdes.specific(new SchemaRegistryClient(service.registryUrl()), CommandOutcome.class, false).deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor("command-outcomes").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the end now, before the race
        }

        /** Waits until {@code count} outcomes have come since this tail was opened; returns them. */
        List<CommandOutcome> await(int count) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
                return seen.size() >= count;
            });
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
