package com.scoville.bench;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The other ceiling: the whole HTTP intake path (Jetty, JSON, validation, idempotency look-up in the store, answer)
 * without the Kafka write. One order is placed and decided; then every request repeats it with the same
 * Idempotency-Key and body, which the service answers from its store as a replay. Its audit: the replays wrote
 * nothing ('orders' holds the order once).
 */
@Command(name = "http-baseline", mixinStandardHelpOptions = true,
        description = "Replays of one decided order over HTTP (same Idempotency-Key and body): intake without the Kafka write.")
final class HttpBaselineCommand implements Callable<Integer>, Scenario {
    @Mixin
    CommonOptions common;

    @Option(names = {"-n", "--requests"}, defaultValue = "100000", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop sending after this long (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    private final AtomicLong wrongAnswers = new AtomicLong();
    private String key;
    private String body;
    private String orderId;

    @Override
    public Integer call() throws Exception {
        return ScenarioRun.execute(common, this, true);
    }

    @Override
    public String name() {
        return "http-baseline";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("requests", requests);
        p.put("concurrency", concurrency);
        p.put("request", "POST /v1/orders, one Idempotency-Key and body for all: a replay answered 200 from the store");
        return p;
    }

    @Override
    public boolean watchesOrders() {
        return false;
    }

    @Override
    public void setup(RunContext ctx) {
        key = "http-baseline-" + ctx.runId;
        // written once: the load generator's cost per request is part of what this run measures
        body = Api.json(OrderFactory.httpBody("baseline-buyer", "WEB", List.of(new OrderFactory.Line(ctx.catalog().sauces().get(0), 1))));
        Api.Answer placed = ctx.api.send("POST", "/v1/orders", body, Map.of("Idempotency-Key", key, "Prefer", "wait=10")).join();
        if (placed.status() != 200 || placed.text("orderId") == null) {
            throw new IllegalStateException("The order to replay was not decided within 10 s: " + placed.status() + " " + placed.raw());
        }
        orderId = placed.text("orderId");
        ctx.extras.put("orderId", orderId);
        System.out.printf("Replaying order %s (%s) %d times, %d in flight%n", orderId, placed.text("status"), requests, concurrency);
    }

    @Override
    public void load(RunContext ctx) {
        LoadLoop.Outcome outcome = LoadLoop.run(0, concurrency, maxDuration, requests, i -> {
            long sentAt = ctx.tracker.sending();
            return ctx.api.send("POST", "/v1/orders", body, Map.of("Idempotency-Key", key)).handle((answer, error) -> {
                if (error != null) {
                    ctx.tracker.error(Api.errorKind(error));
                } else if (answer.status() == 200 && orderId.equals(answer.text("orderId"))) {
                    ctx.tracker.acked(sentAt);
                } else {
                    if (answer.status() == 202 || answer.status() == 200) {
                        wrongAnswers.incrementAndGet(); // accepted as new, or answered with another order: not a replay
                    }
                    ctx.tracker.error("HTTP " + answer.status() + " " + Problem.title(answer));
                }
                return null;
            });
        });
        ctx.extras.put("sendSeconds", Math.round(outcome.seconds() * 10) / 10.0);
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) {
        long onTopic;
        try (TopicScan<byte[]> orders = new TopicScan<>(ctx.target.bootstrap, Kafka.ORDERS, new ByteArrayDeserializer())) {
            AtomicLong found = new AtomicLong();
            orders.catchUp((k, v) -> {
                if (orderId.equals(k)) {
                    found.incrementAndGet();
                }
            }, Duration.ofSeconds(60));
            onTopic = found.get();
        }
        ctx.extras.put("recordsOfTheOrderOnOrders", onTopic);
        List<String> problems = new ArrayList<>();
        if (onTopic != 1) {
            problems.add("'orders' holds " + onTopic + " records of " + orderId + ", expected 1: a replay was written");
        }
        if (wrongAnswers.get() > 0) {
            problems.add(wrongAnswers.get() + " replays were accepted as new orders or answered with another order than " + orderId);
        }
        return IntegrityAudit.Result.ofRecordsOnTopic(onTopic == 0 ? 1 : 0, Math.max(0, onTopic - 1), onTopic,
                "no new orders, no revenue: the replays' records counted on " + Kafka.ORDERS, problems);
    }
}
