package com.scoville.analytics;

/** The recency-frequency-monetary segments, in the order they are tried (see {@link CustomerSegments#segment}). */
public enum CustomerSegment {
    CHAMPIONS, LOYAL, NEW, PROMISING, AT_RISK, HIBERNATING, LOST
}
