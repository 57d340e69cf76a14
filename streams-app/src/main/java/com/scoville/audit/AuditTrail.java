package com.scoville.audit;

import com.scoville.avro.Actor;
import com.scoville.avro.AuditChange;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.AuditOutcome;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.time.Instant;
import java.util.List;

/**
 * A processor's audit entries, forwarded to its 'audit' sink: written in the same transaction as the change they
 * record, so a change that was applied has its entry and one that was rolled back has none. Keyed by target. The id
 * names the input record that caused the entry (topic, partition, offset), so a task that processes the record again
 * after a failure writes the same id.
 */
public final class AuditTrail {
    private final ProcessorContext<String, ? super AuditEntry> context;
    private final String child;
    private String lastSource = "";
    private int sequence;

    /** For a processor whose child {@code child} is a sink to 'audit'. */
    public AuditTrail(ProcessorContext<String, ? super AuditEntry> context, String child) {
        this.context = context;
        this.child = child;
    }

    public void applied(Actor actor, String action, String target, String detail, List<AuditChange> changes) {
        record(actor, action, target, AuditOutcome.APPLIED, detail, changes);
    }

    public void refused(Actor actor, String action, String target, String detail) {
        record(actor, action, target, AuditOutcome.REFUSED, detail, List.of());
    }

    private void record(Actor actor, String action, String target, AuditOutcome outcome, String detail, List<AuditChange> changes) {
        long now = context.currentSystemTimeMs();
        AuditEntry entry = AuditEntry.newBuilder().setId(nextId(now)).setAt(Instant.ofEpochMilli(now)).setActor(ActorSeal.bounded(actor))
                .setAction(action).setTarget(target).setOutcome(outcome).setDetail(detail == null ? "" : detail)
                .setChanges(List.copyOf(changes)).build();
        context.forward(new Record<>(target, entry, now), child);
    }

    /** A change of one value; null for "there was none". */
    public static AuditChange change(String field, Object before, Object after) {
        return AuditChange.newBuilder().setField(field).setBefore(before == null ? null : before.toString())
                .setAfter(after == null ? null : after.toString()).build();
    }

    private String nextId(long now) {
        String source = context.recordMetadata().map(AuditTrail::source)
                .orElseGet(() -> "task " + context.taskId() + " at " + now); // a punctuation
        sequence = source.equals(lastSource) ? sequence + 1 : 0;
        lastSource = source;
        return sequence == 0 ? source : source + "#" + sequence;
    }

    private static String source(RecordMetadata m) {
        return m.topic() + "/" + m.partition() + "/" + m.offset();
    }
}
