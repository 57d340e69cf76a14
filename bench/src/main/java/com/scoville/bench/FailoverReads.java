package com.scoville.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads during faults: a few times a second, {@code GET /v1/orders/{id}} of an order acknowledged a while ago, from
 * any instance. The answer must be the order (its id and customer, a known status) or 503; anything else is a wrong
 * read. An instance that is down (no answer at all) is counted apart: a client would try another.
 */
final class FailoverReads implements AutoCloseable {
    /** An order old enough that every instance must know it or say 503: longer than the 5 s a partition may lag before it counts as stalled. */
    private static final long SETTLED_NANOS = Duration.ofSeconds(10).toNanos();
    private static final Set<String> STATUSES = Set.of("PENDING", "RESERVED", "REJECTED", "PAID", "CANCELLED", "EXPIRED",
            "SHIPPED", "DELIVERED");
    private static final int EXAMPLES = 5;

    private record Known(String orderId, String customerId, long ackedAt) { }

    private final List<Api> instances;
    private final List<Known> known = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(Threads.daemon("failover-reads"));
    private final SplittableRandom random = new SplittableRandom(7);
    private final LongAdder right = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder unreachable = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final List<String> wrongExamples = Collections.synchronizedList(new ArrayList<>());

    FailoverReads(List<Api> instances) {
        this.instances = List.copyOf(instances);
    }

    void acknowledged(String orderId, String customerId) {
        known.add(new Known(orderId, customerId, System.nanoTime()));
    }

    FailoverReads start(Duration every) {
        reader.scheduleWithFixedDelay(this::readOne, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void readOne() {
        Known order = pick();
        if (order == null) {
            return;
        }
        Api api = instances.get(random.nextInt(instances.size()));
        try {
            Api.Answer answer = api.send("GET", "/v1/orders/" + order.orderId(), null, Map.of()).get(30, TimeUnit.SECONDS);
            if (answer.status() == 503) {
                unavailable.increment();
            } else if (answer.status() == 200 && order.orderId().equals(answer.text("orderId"))
                    && order.customerId().equals(answer.text("customerId")) && STATUSES.contains(answer.text("status"))) {
                right.increment();
            } else {
                wrong.increment();
                if (wrongExamples.size() < EXAMPLES) {
                    wrongExamples.add(order.orderId() + " → HTTP " + answer.status() + " " + abbreviate(answer.raw()));
                }
            }
        } catch (Exception e) {
            unreachable.increment();
        }
    }

    private Known pick() {
        long settled = System.nanoTime() - SETTLED_NANOS;
        synchronized (known) {
            int end = known.size();
            while (end > 0 && known.get(end - 1).ackedAt() > settled) {
                end--;
            }
            return end == 0 ? null : known.get(random.nextInt(end));
        }
    }

    long wrong() {
        return wrong.sum();
    }

    List<String> wrongExamples() {
        return List.copyOf(wrongExamples);
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("right", right.sum());
        m.put("unavailable503", unavailable.sum());
        m.put("noAnswer", unreachable.sum());
        m.put("wrong", wrong.sum());
        m.put("wrongExamples", wrongExamples());
        return m;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
