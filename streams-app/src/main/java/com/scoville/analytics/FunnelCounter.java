package com.scoville.analytics;

import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.RejectCode;
import com.scoville.avro.SalesTotals;
import com.scoville.avro.StatusChange;
import com.scoville.kafka.Topics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order funnel per window, in total and by channel: how many orders were placed, reserved, rejected (and
 * why), expired, paid, cancelled, shipped and delivered, each in the window of the time it reached the step.
 *
 * <p>A step is counted by the processor that makes it happen, in the transaction that makes it, so a step counts
 * once with no memory of its own: the reservation processor counts the orders it decides in one hop (family
 * {@link #AT_STOCK}); the order processor counts every step it makes, saga decisions and the moves after a decision
 * (family {@link #FAMILY}), from the difference between the order's stored state and its new one. A decision made
 * where the stock is that does not stand (a second body under a known order id, a partner's resend of a refused
 * order) is taken back where the order processor refuses it. Queries add both families over every partition.
 *
 * <p>All counts of one window are one record ({@link #KEY}, in {@link SalesTotals#getCounts()}): with the record
 * cache, a window costs one changelog record per task and commit, however many orders moved in it.
 */
public final class FunnelCounter {
    /** Steps the order processor makes. */
    public static final String FAMILY = "funnel";
    /** Decisions made in one hop where the stock is. */
    public static final String AT_STOCK = "funnel-at-stock";
    public static final List<String> FAMILIES = List.of(FAMILY, AT_STOCK);
    /** The one key of every funnel window. */
    public static final String KEY = "funnel";

    /** The windows of one family. */
    public static List<StoreBuilder<?>> stores(String family, Topics topics) {
        return new ArrayList<>(WindowedTotals.stores(family, topics.storeSerde(SalesTotals.class)));
    }

    private final WindowedTotals totals;

    public FunnelCounter(ProcessorContext<?, ?> context, String family, Duration grace) {
        this.totals = new WindowedTotals(context, family, grace);
    }

    /** Counts the steps {@code after} reached that {@code before} (null: a new order) had not. Holds are no orders. */
    public void count(OrderState before, OrderState after) {
        if (after.getKind() != OrderKind.ORDER) {
            return;
        }
        int known = before == null ? 0 : steps(before);
        after.getHistory().stream().map(StatusChange::getAt).max(Instant::compareTo).ifPresent(totals::advanceTo);
        add(after, known, 1, true);
    }

    /** Takes back every step of a decision that was counted where it was made and does not stand. */
    public void takeBack(OrderState decision) {
        if (decision.getKind() == OrderKind.ORDER) {
            add(decision, 0, -1, false); // wherever it was counted, its windows are the same; late or not
        }
    }

    private void add(OrderState order, int known, long delta, boolean judgeLateness) {
        Map<Instant, Map<String, Long>> byTime = new TreeMap<>();
        int seen = known;
        for (StatusChange change : order.getHistory()) {
            FunnelStep step = FunnelStep.of(change.getStatus());
            if (step == null || (seen & step.bit()) != 0) {
                continue;
            }
            seen |= step.bit();
            if (judgeLateness && !totals.accept(change.getAt())) {
                continue;
            }
            Map<String, Long> counts = byTime.computeIfAbsent(change.getAt(), at -> new HashMap<>());
            for (String dimension : List.of(Dimension.TOTAL.key(Dimension.ALL), Dimension.CHANNEL.key(order.getChannel().name()))) {
                counts.merge(step.key(dimension), delta, Long::sum);
                if (step == FunnelStep.REJECTED) {
                    RejectCode reason = order.getRejectReason() == null ? RejectCode.UNKNOWN : order.getRejectReason().getCode();
                    counts.merge(FunnelStep.rejectionKey(dimension, reason), delta, Long::sum);
                }
            }
        }
        byTime.forEach((at, counts) -> totals.add(KEY, at, t -> {
            Map<String, Long> sums = new HashMap<>(t.getCounts());
            counts.forEach((k, d) -> sums.merge(k, d, (a, b) -> a + b == 0 ? null : a + b));
            t.setCounts(sums);
        }));
    }

    /** The funnel steps in an order's history, one bit each. */
    private static int steps(OrderState order) {
        int steps = 0;
        for (StatusChange change : order.getHistory()) {
            FunnelStep step = FunnelStep.of(change.getStatus());
            steps |= step == null ? 0 : step.bit();
        }
        return steps;
    }
}
