package com.scoville.commands;

import com.scoville.avro.CommandOutcome;
import com.scoville.kafka.StateStores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Applies a client's command at most once, in the processor that owns what it changes. A write sent with an
 * Idempotency-Key carries a command id (derived from the caller, what it addresses and the key) and its
 * request's fingerprint. The first command of an id is applied and remembered; a later one (a retry, or a
 * racing request with another body) changes nothing. Either way the outcome goes out on 'command-outcomes'
 * naming the fingerprint that holds the id, which is all a waiting request needs: its own fingerprint means
 * its body is the one applied, another means 422.
 *
 * <p>The memory is a window store keyed by command id and stamped with the wall-clock time of the apply: an id
 * counts for {@link #RETENTION}, and RocksDB drops whole segments after that, so the store stays bounded with
 * no clean-up scan.
 */
public final class AppliedCommands {
    /** The contract promises that keys are remembered at least 24 hours; a segment lives up to 1.5 times this. */
    public static final Duration RETENTION = Duration.ofDays(1);

    private final ProcessorContext<String, ? super CommandOutcome> context;
    private final WindowStore<String, CommandOutcome> store;
    private final String outcomesChild;

    /** The store of a processor's applied commands; only the command id and its time matter, not a window. */
    public static StoreBuilder<WindowStore<String, CommandOutcome>> store(String name, Serde<CommandOutcome> serde) {
        return StateStores.window(name, RETENTION, Duration.ofMillis(1), Serdes.String(), serde);
    }

    /** For a processor that owns {@code storeName} and forwards outcomes to its child {@code outcomesChild}. */
    public AppliedCommands(ProcessorContext<String, ? super CommandOutcome> context, String storeName, String outcomesChild) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.outcomesChild = outcomesChild;
    }

    /**
     * Runs {@code apply} unless {@code commandId} was applied before, and publishes the outcome. {@code apply}
     * answers whether it changed anything. A command without an id (one the topology sends itself, or a
     * partner's record) is simply applied.
     */
    public void once(String commandId, String requestHash, BooleanSupplier apply) {
        if (commandId == null) {
            apply.getAsBoolean();
            return;
        }
        CommandOutcome first = find(commandId);
        if (first != null) {
            publish(CommandOutcome.newBuilder(first).setReplay(true).build());
            return;
        }
        long now = context.currentSystemTimeMs();
        boolean changed = apply.getAsBoolean();
        CommandOutcome outcome = CommandOutcome.newBuilder().setCommandId(commandId).setRequestHash(requestHash)
                .setApplied(changed).setReplay(false).setAt(Instant.ofEpochMilli(now)).build();
        store.put(commandId, outcome, now);
        publish(outcome);
    }

    /** The remembered outcome of a command id, or null when it is unknown or was applied longer than the retention ago. */
    public CommandOutcome find(String commandId) {
        // bounded by time too: the record cache may still hold an entry whose segment is gone
        long since = context.currentSystemTimeMs() - RETENTION.toMillis();
        try (WindowStoreIterator<CommandOutcome> it = store.fetch(commandId, Math.max(0L, since), Long.MAX_VALUE)) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    private void publish(CommandOutcome outcome) {
        context.forward(new Record<>(outcome.getCommandId(), outcome, context.currentSystemTimeMs()), outcomesChild);
    }
}
