package com.scoville.http.webhooks;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which offsets the dispatcher may commit: a record counts as handled once every message made of it is delivered
 * or dead-lettered, and a partition's offset moves only past records handled in a row, so whatever was not
 * handled when an instance dies is read again (at least once). Thread-safe.
 */
final class OffsetTracker {
    /** One assignment of one partition: messages of an earlier assignment never count in a later one. */
    static final class Assignment {
        private final TopicPartition partition;
        /** Records read and not handled yet: offset → messages still open. */
        private final TreeMap<Long, Integer> open = new TreeMap<>();
        private long next = -1;
        private volatile boolean revoked;

        Assignment(TopicPartition partition) {
            this.partition = partition;
        }

        boolean revoked() {
            return revoked;
        }

        TopicPartition partition() {
            return partition;
        }
    }

    private final Map<TopicPartition, Assignment> current = new HashMap<>();
    private int pending;
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** The current assignment of {@code partition}, made on first use. */
    synchronized Assignment assignment(TopicPartition partition) {
        return current.computeIfAbsent(partition, Assignment::new);
    }

    /** A record read, with the number of messages made of it (0: handled at once). */
    synchronized void read(Assignment a, long offset, int messages) {
        a.next = Math.max(a.next, offset + 1);
        if (messages > 0 && !a.revoked) {
            a.open.put(offset, messages);
            pending += messages;
        }
    }

    /** One message of the record at {@code offset} delivered or dead-lettered. */
    synchronized void handled(Assignment a, long offset) {
        if (a.revoked) {
            return;
        }
        Integer left = a.open.get(offset);
        if (left == null) {
            return;
        }
        pending--;
        if (left <= 1) {
            a.open.remove(offset);
        } else {
            a.open.put(offset, left - 1);
        }
    }

    /** Messages not yet handled, over every partition. */
    synchronized int pending() {
        return pending;
    }

    /** The offsets to commit now (only those that moved since the last call). */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Assignment a : current.values()) {
            if (a.next < 0) {
                continue;
            }
            long upTo = a.open.isEmpty() ? a.next : a.open.firstKey();
            Long last = committed.get(a.partition);
            if (last == null || upTo > last) {
                out.put(a.partition, new OffsetAndMetadata(upTo));
            }
        }
        return out;
    }

    /** The offsets given to Kafka. */
    synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((p, o) -> committed.put(p, o.offset()));
    }

    /** Partitions taken away: their open messages stop (the new owner reads them again). */
    synchronized void revoke(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            Assignment a = current.remove(p);
            committed.remove(p);
            if (a != null) {
                a.revoked = true;
                pending -= a.open.values().stream().mapToInt(Integer::intValue).sum();
                a.open.clear();
            }
        }
    }
}
