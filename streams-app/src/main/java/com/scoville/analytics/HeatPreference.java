package com.scoville.analytics;

/** How hot a customer likes it, by the heat level (0-10) of what they buy and like (see {@link CustomerSegments#heat}). */
public enum HeatPreference {
    /** Nothing bought or liked yet. */
    UNKNOWN,
    /** Heat level up to 3. */
    MILD,
    /** 4 to 6. */
    MEDIUM,
    /** 7 or 8. */
    HOT,
    /** 9 or 10. */
    EXTREME
}
