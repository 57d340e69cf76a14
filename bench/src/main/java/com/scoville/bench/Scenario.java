package com.scoville.bench;

import com.scoville.avro.OrderState;
import com.scoville.service.cluster.LocalCluster;

import java.util.Map;

/** One load scenario: what it sets up, the load it sends, and how its run is audited. */
interface Scenario {
    String name();

    /** The scenario's settings, as the report shows them. */
    Map<String, Object> parameters();

    /** Settings of the embedded stack this scenario needs (the user's --env wins). */
    default Map<String, String> embeddedEnv() {
        return Map.of();
    }

    /** The local cluster this scenario starts for itself (it then takes neither --embedded nor --target), or null. */
    default LocalCluster.Layout cluster() {
        return null;
    }

    /** What to compare the run with ({@code --versus}), or null: only scenarios whose load runs against either service take it. */
    default VersusOptions versus() {
        return null;
    }

    /** Whether accepted orders go through the topology (so the run waits for their final states). */
    default boolean watchesOrders() {
        return true;
    }

    /** What the CPU cost of the run is divided by: orders decided, or (without orders) requests or records answered. */
    default String unit() {
        return watchesOrders() ? "order decided" : "request answered";
    }

    /**
     * Whether the load just sent ran as fast as the service allowed. Only then does its CPU cost per unit bound the
     * throughput: under a paced load the machine still looks busy (Streams and the broker commit, fetch and write
     * markers as often as they can), so the cost per order is inflated and gives no ceiling.
     */
    default boolean ranFlatOut() {
        return true;
    }

    void setup(RunContext ctx) throws Exception;

    void load(RunContext ctx) throws Exception;

    /** Each order state seen on 'order-status' during the run (on the watcher's thread: do not block). */
    default void onState(RunContext ctx, String orderId, OrderState state) {
    }

    /** After the accepted orders are decided, before the audit. */
    default void settle(RunContext ctx) throws Exception {
    }

    IntegrityAudit.Result audit(RunContext ctx) throws Exception;
}
