package com.scoville.kafka;

/**
 * The transactions one stream thread has committed, counted as its producer commits them ({@link IdlePolls}
 * reports them). The {@link CommitPace} reads them to ask only for a commit that would not come anyway.
 * Used on its stream thread only.
 */
public final class ThreadCommits {
    private static final ThreadLocal<ThreadCommits> OF_THREAD = ThreadLocal.withInitial(ThreadCommits::new);

    private long count;
    private long lastAtMs = Long.MIN_VALUE / 2;

    /** This thread's. */
    public static ThreadCommits ofThisThread() {
        return OF_THREAD.get();
    }

    void committed(long nowMs) {
        count++;
        lastAtMs = nowMs;
    }

    long count() {
        return count;
    }

    long lastAtMs() {
        return lastAtMs;
    }
}
