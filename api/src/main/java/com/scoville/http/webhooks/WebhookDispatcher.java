package com.scoville.http.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.avro.Webhook;
import com.scoville.clients.KafkaClients;
import com.scoville.http.Digests;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.kafka.ScovilleConfig;
import com.scoville.kafka.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hears of order changes, back-in-stock notices and alerts, and hands one message per subscribed webhook to the
 * {@link DeliveryLanes}. A consumer group of its own ({@code <APPLICATION_ID>-webhooks}) beside Kafka Streams,
 * never in the topology: a slow endpoint can hold up webhooks, never a reservation. Offsets are committed only
 * past records whose messages were all delivered or dead-lettered (at least once); the records of one order share
 * a partition, and its messages a lane, so they arrive in order. Past {@code WEBHOOK_BUFFER} open messages it
 * stops reading until deliveries catch up. A group new to the topics starts at their end: webhooks hear of what
 * happens after they exist. A record that cannot be read for now (the schema registry away) is read again after
 * a wait, its partition paused meanwhile; only one that can never be read is passed over.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration COMMIT_EVERY = Duration.ofMillis(500);

    /** What a record means to webhooks; throws on a record it cannot read. */
    interface EventReader {
        Optional<WebhookEvents.Event> of(String topic, String key, byte[] value);

        /** The event types a record of {@code topic} can be: with no webhook for any, it is not read at all. */
        default Set<EventType> typesOf(String topic) {
            return EnumSet.allOf(EventType.class);
        }
    }

    /** A partition waiting to read a record again: from when, and how long it waited last. */
    private record Retry(long atMillis, Duration waited) { }

    private final Consumer<String, byte[]> consumer;
    private final List<String> topicNames;
    private final EventReader events;
    private final WebhookRegistry registry;
    private final OffsetTracker offsets;
    private final DeliveryLanes lanes;
    private final ObjectMapper json;
    private final int buffer;
    private final Clock clock;
    private final Map<TopicPartition, Retry> retries = new HashMap<>();
    private boolean bufferFull;
    private long lastCommit;
    private final Thread thread;
    private static final java.time.Duration ASSIGNMENT_WAIT = java.time.Duration.ofSeconds(5);
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    public WebhookDispatcher(String bootstrapServers, ScovilleConfig config, String applicationServer, Topics topics,
                             WebhookRegistry registry, KafkaWriter writer, ObjectMapper json, Clock clock) {
        this(new KafkaConsumer<>(KafkaClients.config(bootstrapServers, consumerConfig(config, applicationServer)),
                new StringDeserializer(), new ByteArrayDeserializer()),
                new WebhookEvents(topics).topicNames(), new WebhookEvents(topics), registry, new OffsetTracker(),
                offsets -> new DeliveryLanes(registry, new WebhookSender(config.webhookTimeout(), config.webhookAllowLoopback(), clock),
                        new Backoff(config.webhookFirstRetry(), max(config.webhookFirstRetry(), config.webhookMaxRetryDelay()), config.webhookMaxAttempts()),
                        config.webhookConcurrency(), config.webhookBuffer(), KafkaDeliveryOutcomes.of(writer, topics, clock), offsets::handled),
                json, config.webhookBuffer(), clock);
    }

    /**
     * The dispatcher's consumer. With STATIC_MEMBERSHIP it joins under the instance's id, as the stream threads do: an
     * instance restarted after kill -9 takes its partitions back without waiting for its old member's session.
     */
    static Map<String, Object> consumerConfig(ScovilleConfig config, String applicationServer) {
        Map<String, Object> c = new java.util.HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-webhooks",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                // a killed instance's partitions move on as soon as its stream threads' do
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.sessionTimeoutMs(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, com.scoville.kafka.StreamsRuntime.HEARTBEAT_INTERVAL_MS,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoville-webhooks"));
        if (config.staticMembership()) {
            c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, com.scoville.kafka.StreamsRuntime.staticMemberId(config.applicationId(), applicationServer) + "-webhooks");
        }
        return c;
    }

    /** With the consumer and lanes given (tests): nothing runs until {@link #start}, or the test's own steps. */
    WebhookDispatcher(Consumer<String, byte[]> consumer, List<String> topicNames, EventReader events, WebhookRegistry registry,
                      OffsetTracker offsets, Function<OffsetTracker, DeliveryLanes> lanes, ObjectMapper json, int buffer, Clock clock) {
        this.consumer = consumer;
        this.topicNames = topicNames;
        this.events = events;
        this.registry = registry;
        this.offsets = offsets;
        this.lanes = lanes.apply(offsets);
        this.json = json;
        this.buffer = buffer;
        this.clock = clock;
        this.thread = KafkaWriter.daemon("webhook-dispatcher").newThread(this::run);
    }

    /**
     * Starts reading, and returns once the group gave this instance its partitions and their positions are known,
     * or after {@link #ASSIGNMENT_WAIT}: a new group's first member hears of what happens from here on; a group that
     * is rebalancing (an instance restarted, a broker away) must not hold the instance's start, and loses nothing
     * (its committed offsets say where to go on).
     */
    public WebhookDispatcher start() {
        thread.start();
        try {
            if (!assigned.await(ASSIGNMENT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("The webhook dispatcher has no partitions yet (other instances hold them, or the group is slow to form)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /** Messages read and not yet delivered or dead-lettered (a gauge). */
    public int pending() {
        return offsets.pending();
    }

    private void run() {
        try {
            subscribe();
            while (running) {
                pollOnce();
            }
            commit();
        } catch (WakeupException e) {
            if (running) {
                log.error("The webhook dispatcher was woken up while running: it stops", e);
            }
        } catch (RuntimeException e) {
            log.error("The webhook dispatcher stopped: webhooks are not delivered until a restart", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void subscribe() {
        consumer.subscribe(topicNames, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                offsets.revoke(partitions);
                partitions.forEach(retries::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                try {
                    partitions.forEach(consumer::position); // a new group's "latest" is fixed now, not at the first fetch
                } catch (KafkaException e) {
                    log.warn("Webhook positions not known yet (they will be at the next fetch): {}", e.toString());
                }
                assigned.countDown();
            }
        });
    }

    /** One round: read, hand over, pause or resume, commit when it is time. */
    void pollOnce() {
        Set<TopicPartition> retrying = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            TopicPartition partition = new TopicPartition(r.topic(), r.partition());
            if (!retrying.contains(partition) && !dispatch(r, partition)) {
                retrying.add(partition); // the rest of its records come again after the wait
            }
        }
        throttle();
        if (clock.millis() - lastCommit > COMMIT_EVERY.toMillis()) {
            commit();
            lastCommit = clock.millis();
        }
    }

    /** Hands the record's messages over; false when it cannot be read for now and is to be read again later. */
    private boolean dispatch(ConsumerRecord<String, byte[]> r, TopicPartition partition) {
        OffsetTracker.Assignment from = offsets.assignment(partition);
        List<DeliveryLanes.Message> messages;
        try {
            messages = messages(r, from);
            retries.remove(partition);
        } catch (RuntimeException e) {
            if (DecodeFailures.isTransient(e)) {
                // the registry is away: the record is read again after a wait, never lost for every webhook
                Duration wait = DecodeFailures.nextWait(retries.containsKey(partition) ? retries.get(partition).waited() : null);
                retries.put(partition, new Retry(clock.millis() + wait.toMillis(), wait));
                consumer.seek(partition, r.offset());
                log.warn("Record on {}-{} offset {} not readable for now (read again in {} ms): {}", r.topic(), r.partition(), r.offset(),
                        wait.toMillis(), e.toString());
                return false;
            }
            // a record nobody will ever read is passed over, never a reason to stop every webhook
            log.warn("Unreadable record on {}-{} offset {}: no webhook hears of it", r.topic(), r.partition(), r.offset(), e);
            messages = List.of();
        }
        offsets.read(from, r.offset(), messages.size());
        messages.forEach(lanes::enqueue);
        return true;
    }

    private List<DeliveryLanes.Message> messages(ConsumerRecord<String, byte[]> r, OffsetTracker.Assignment from) {
        if (!registry.anySubscribedTo(events.typesOf(r.topic()))) {
            return List.of(); // every order's change passes here: with no webhook to tell, it is not even decoded
        }
        Optional<WebhookEvents.Event> event = events.of(r.topic(), r.key(), r.value());
        if (event.isEmpty()) {
            return List.of();
        }
        WebhookEvents.Event e = event.get();
        List<Webhook> recipients = registry.recipients(e.type(), e.channel());
        if (recipients.isEmpty()) {
            return List.of();
        }
        String body = body(e);
        return recipients.stream().map(w -> new DeliveryLanes.Message(messageId(w.getId(), r), w.getId(),
                w.getChannel() == null ? "back office" : "channel " + w.getChannel(), e.type(), e.orderingKey(), body, from, r.offset())).toList();
    }

    private String body(WebhookEvents.Event e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.type().wireName());
        body.put("timestamp", e.at());
        body.put("data", e.data());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("A webhook body could not be written", ex);
        }
    }

    /** The same for every attempt and every re-read of one record to one webhook: receivers drop repeats by it. */
    static String messageId(String webhookId, ConsumerRecord<?, ?> r) {
        return "msg_" + Digests.sha256Hex(webhookId + "\n" + r.topic() + "\n" + r.partition() + "\n" + r.offset()).substring(0, 32);
    }

    /**
     * Stops reading while too many messages wait, and reads again once they fall to half; a partition waiting to
     * read a record again stays paused until its time.
     */
    private void throttle() {
        int open = offsets.pending();
        if (open >= buffer) {
            if (!bufferFull) {
                log.info("{} webhook messages waiting: reading paused", open);
            }
            bufferFull = true;
        } else if (open <= buffer / 2) {
            bufferFull = false;
        }
        Set<TopicPartition> assignment = consumer.assignment();
        Set<TopicPartition> hold = new HashSet<>(bufferFull ? assignment : Set.of()); // all again after a rebalance
        long now = clock.millis();
        retries.forEach((p, retry) -> {
            if (retry.atMillis() > now && assignment.contains(p)) {
                hold.add(p);
            }
        });
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(hold);
        hold.removeAll(paused);
        if (!hold.isEmpty()) {
            consumer.pause(hold);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> ready = offsets.committable();
        ready.keySet().retainAll(consumer.assignment());
        if (ready.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(ready, Duration.ofSeconds(5));
            offsets.committed(ready);
        } catch (KafkaException e) {
            if (e instanceof WakeupException w) {
                throw w;
            }
            log.warn("Webhook offsets not committed now (tried again soon): {}", e.toString());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.close();
    }
}
