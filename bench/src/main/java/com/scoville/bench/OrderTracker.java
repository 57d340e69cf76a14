package com.scoville.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to each order the bench sent: when it was sent, accepted (HTTP 200/202, or the broker's ack)
 * and first seen RESERVED or REJECTED on 'order-status'. Latencies go to HdrHistogram recorders in
 * microseconds; {@link #interval()} takes the last interval's histograms and adds them to the totals.
 * The final state may be seen before the acceptance is (the answer and the status race): either order works.
 */
final class OrderTracker {
    /** One interval: counts and p99s of what was accepted and processed in it. */
    record Interval(long accepted, long processed, long failed, Double acceptP99Ms, Double finalP99Ms) { }

    /** The whole run's figures. */
    record Totals(long sent, long accepted, long processed, double sendToLastAcceptSeconds, double sendToLastFinalSeconds,
                  Histogram accept, Histogram fin, Histogram sendToFinal, Map<String, Long> outcomes, Map<String, Long> errors) {
        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final class Track {
        long sentAt;
        long acceptedAt;
        boolean accepted;
        long finalAt;
        String finalStatus;
        boolean counted;
    }

    private final Recorder acceptRecorder = new Recorder(3);
    private final Recorder finalRecorder = new Recorder(3);
    private final Histogram acceptTotal = new Histogram(3);
    private final Histogram finalTotal = new Histogram(3);
    /** Request sent → final known, whole run: what a buyer waits for the outcome, whoever gives it. */
    private final Recorder sendToFinalRecorder = new Recorder(3);
    private final Histogram sendToFinalTotal = new Histogram(3);
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAccept = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastFinal = new AtomicLong(Long.MIN_VALUE);
    private long processedBefore;
    private long errorsBefore;

    /** Counts a send and returns its time. */
    long sending() {
        long now = System.nanoTime();
        sent.increment();
        firstSend.accumulateAndGet(now, Math::min);
        return now;
    }

    void accepted(String orderId, long sentAt) {
        long now = System.nanoTime();
        acceptRecorder.recordValue(micros(now - sentAt));
        lastAccept.accumulateAndGet(now, Math::max);
        acceptedIds.add(orderId);
        tracks.compute(orderId, (id, t) -> {
            Track track = t == null ? new Track() : t;
            track.accepted = true;
            track.sentAt = sentAt;
            track.acceptedAt = now;
            countIfDone(track);
            return track;
        });
    }

    /** A record acknowledged with nothing downstream to wait for (the broker baseline): accepted and processed at once. */
    void acked(long sentAt) {
        long now = System.nanoTime();
        acceptRecorder.recordValue(micros(now - sentAt));
        lastAccept.accumulateAndGet(now, Math::max);
        lastFinal.accumulateAndGet(now, Math::max);
        acked.increment();
        processed.increment();
    }

    /** The first RESERVED or REJECTED of {@code orderId}, seen at {@code at} (nanoTime). Later ones are ignored. */
    void finalSeen(String orderId, String status, long at) {
        tracks.compute(orderId, (id, t) -> {
            Track track = t == null ? new Track() : t;
            if (track.finalStatus == null) {
                track.finalStatus = status;
                track.finalAt = at;
                countIfDone(track);
            }
            return track;
        });
    }

    private void countIfDone(Track track) {
        if (track.counted || !track.accepted || track.finalStatus == null) {
            return;
        }
        track.counted = true;
        finalRecorder.recordValue(micros(Math.max(0, track.finalAt - track.acceptedAt)));
        // the buyer cannot know the outcome before the answer to its request
        sendToFinalRecorder.recordValue(micros(Math.max(track.finalAt, track.acceptedAt) - track.sentAt));
        processed.increment();
        lastFinal.accumulateAndGet(Math.max(track.finalAt, track.acceptedAt), Math::max);
        outcomes.computeIfAbsent(track.finalStatus, s -> new LongAdder()).increment();
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    boolean isAccepted(String orderId) {
        return acceptedIds.contains(orderId);
    }

    Set<String> acceptedIds() {
        return Set.copyOf(acceptedIds);
    }

    /** Each accepted order whose final state was seen: its id → RESERVED or REJECTED. */
    Map<String, String> finalStatuses() {
        Map<String, String> out = new java.util.HashMap<>();
        tracks.forEach((id, t) -> {
            if (t.counted) {
                out.put(id, t.finalStatus);
            }
        });
        return out;
    }

    long sent() {
        return sent.sum();
    }

    long accepted() {
        return acceptedIds.size() + acked.sum();
    }

    long processed() {
        return processed.sum();
    }

    /** Accepted orders whose final state has not been seen yet. */
    long awaiting() {
        return accepted() - processed();
    }

    long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    synchronized Interval interval() {
        Histogram a = acceptRecorder.getIntervalHistogram();
        Histogram f = finalRecorder.getIntervalHistogram();
        acceptTotal.add(a);
        finalTotal.add(f);
        sendToFinalTotal.add(sendToFinalRecorder.getIntervalHistogram());
        long processedNow = processed.sum();
        long processedIn = processedNow - processedBefore;
        processedBefore = processedNow;
        long errorsNow = errors();
        long failedIn = errorsNow - errorsBefore;
        errorsBefore = errorsNow;
        return new Interval(a.getTotalCount(), processedIn, failedIn, p99(a), p99(f));
    }

    synchronized Double acceptP99SoFar() {
        return p99(acceptTotal);
    }

    synchronized Double finalP99SoFar() {
        return p99(finalTotal);
    }

    synchronized Totals totals() {
        interval();
        long first = firstSend.get();
        return new Totals(sent(), accepted(), processed(),
                first == Long.MAX_VALUE || lastAccept.get() == Long.MIN_VALUE ? 0 : (lastAccept.get() - first) / 1e9,
                first == Long.MAX_VALUE || lastFinal.get() == Long.MIN_VALUE ? 0 : (lastFinal.get() - first) / 1e9,
                acceptTotal.copy(), finalTotal.copy(), sendToFinalTotal.copy(), sums(outcomes), sums(errors));
    }

    static Double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? null : Math.round(h.getValueAtPercentile(percentile) / 10.0) / 100.0;
    }

    private static Double p99(Histogram h) {
        return ms(h, 99);
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
