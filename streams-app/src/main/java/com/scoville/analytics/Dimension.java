package com.scoville.analytics;

/**
 * What a window is grouped by. A store key is the dimension and its value, e.g. {@code PRODUCT|GHOST-150};
 * {@code TOTAL|*} holds the ungrouped sums.
 */
public enum Dimension {
    TOTAL, PRODUCT, CHANNEL, HEAT_LEVEL;

    public static final String ALL = "*";

    public String key(String value) {
        return name() + "|" + value;
    }

    /** The value part of a store key of this dimension, or null when the key is of another one. */
    public String valueIn(String storeKey) {
        String prefix = name() + "|";
        return storeKey.startsWith(prefix) ? storeKey.substring(prefix.length()) : null;
    }
}
