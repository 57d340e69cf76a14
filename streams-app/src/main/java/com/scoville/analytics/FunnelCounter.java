package com.scoville.analytics;

import com.scoville.avro.FunnelMarks;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.RejectCode;
import com.scoville.avro.SalesTotals;
import com.scoville.avro.StatusChange;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The order funnel per window, in total and by channel: how many orders were placed, reserved, rejected (and
 * why), expired, paid, cancelled, shipped and delivered, each in the window of the time it reached the step. It
 * reads 'order-status' where the orders live (keyed by order id), beside the order processor and off the
 * reservation path; each partition holds partial counts that a query adds up.
 *
 * <p>The topic repeats itself: an order is republished as it is when a second decision for it arrives, and
 * every state carries the whole history. So the steps are read from the history, and each order's counted
 * steps are remembered: a step counts once per order, whatever repeats, and a step whose own record was
 * never seen still counts from a later state's history. Under exactly-once the marks and the counts commit
 * together, so a restart neither loses nor repeats a count.
 *
 * <p>The marks are forgotten {@link #forgetAfter} after an order's latest step (a scan of a time-ordered index
 * every {@link #SWEEP_INTERVAL}): by then every step it remembers is past the grace period, so a repeat that comes
 * later is too late to count anyway, and the store holds only the orders that moved recently.
 */
public final class FunnelCounter implements Processor<String, OrderState, Void, Void> {
    public static final String FAMILY = "funnel";
    public static final String MARKS_STORE = "funnel-order-marks";
    public static final String IDLE_STORE = "funnel-order-idle";
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);
    /** Keeps one sweep short; what is left goes at the next. */
    static final int MAX_FORGOTTEN_PER_SWEEP = 10_000;

    /** The stores it owns: the windowed counts of its family, each order's counted steps, and their time index. */
    public static List<StoreBuilder<?>> stores(Topics topics) {
        List<StoreBuilder<?>> stores = new ArrayList<>(WindowedTotals.stores(FAMILY, topics.storeSerde(SalesTotals.class)));
        stores.add(StateStores.keyValue(MARKS_STORE, Serdes.String(), topics.storeSerde(FunnelMarks.class)));
        stores.add(StateStores.keyValue(IDLE_STORE, Serdes.String(), Serdes.String()));
        return stores;
    }

    private final Duration grace;
    private final Duration forgetAfter;
    private WindowedTotals totals;
    private KeyValueStore<String, FunnelMarks> marks;
    private KeyValueStore<String, String> idle;

    public FunnelCounter(Duration grace) {
        this.grace = grace;
        // a day past the grace period: the repeats the topic holds come within seconds (a racing second decision)
        this.forgetAfter = grace.plus(Duration.ofDays(1));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        totals = new WindowedTotals(context, FAMILY, grace);
        marks = context.getStateStore(MARKS_STORE);
        idle = context.getStateStore(IDLE_STORE);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> forget(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, OrderState> record) {
        OrderState order = record.value();
        if (order == null || order.getKind() != OrderKind.ORDER || order.getHistory().isEmpty()) {
            return; // a hold is no order: it is never placed by a buyer
        }
        FunnelMarks known = marks.get(order.getOrderId());
        int steps = known == null ? 0 : known.getSteps();
        Instant latest = known == null ? Instant.EPOCH : known.getLastStepAt();
        order.getHistory().stream().map(StatusChange::getAt).max(Instant::compareTo).ifPresent(totals::advanceTo);
        for (StatusChange change : order.getHistory()) {
            FunnelStep step = FunnelStep.of(change.getStatus());
            if (step == null || (steps & step.bit()) != 0) {
                continue;
            }
            steps |= step.bit();
            latest = change.getAt().isAfter(latest) ? change.getAt() : latest;
            if (totals.accept(change.getAt())) {
                count(order, step, change.getAt());
            }
        }
        if (known == null || steps != known.getSteps()) {
            remember(order.getOrderId(), known, new FunnelMarks(steps, latest));
        }
    }

    private void count(OrderState order, FunnelStep step, Instant at) {
        for (String dimension : List.of(Dimension.TOTAL.key(Dimension.ALL), Dimension.CHANNEL.key(order.getChannel().name()))) {
            totals.add(step.key(dimension), at, FunnelCounter::plusOne);
            if (step == FunnelStep.REJECTED) {
                RejectCode reason = order.getRejectReason() == null ? RejectCode.UNKNOWN : order.getRejectReason().getCode();
                totals.add(FunnelStep.rejectionKey(dimension, reason), at, FunnelCounter::plusOne);
            }
        }
    }

    private static void plusOne(SalesTotals t) {
        t.setOrders(Math.addExact(t.getOrders(), 1));
    }

    private void remember(String orderId, FunnelMarks known, FunnelMarks now) {
        if (known != null && !known.getLastStepAt().equals(now.getLastStepAt())) {
            idle.delete(idleKey(known.getLastStepAt(), orderId));
        }
        marks.put(orderId, now);
        idle.put(idleKey(now.getLastStepAt(), orderId), orderId);
    }

    /** Forgets the orders whose latest step is older than {@link #forgetAfter}, oldest first. */
    void forget(Instant now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = idle.range("0", idleKey(now.minus(forgetAfter), "}"))) {
            while (it.hasNext() && due.size() < MAX_FORGOTTEN_PER_SWEEP) {
                due.add(it.next());
            }
        }
        for (KeyValue<String, String> entry : due) {
            idle.delete(entry.key);
            marks.delete(entry.value);
        }
    }

    /** Time first, zero-padded, so that one range scan finds every order idle since before a time. */
    static String idleKey(Instant lastStepAt, String orderId) {
        return String.format("%015d|%s", Math.max(0, lastStepAt.toEpochMilli()), orderId);
    }
}
