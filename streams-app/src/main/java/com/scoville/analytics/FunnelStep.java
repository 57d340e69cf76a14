package com.scoville.analytics;

import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;

/**
 * The steps of the order funnel, each the status an order reached. A funnel window store key is a dimension key,
 * '#', and the step, e.g. {@code CHANNEL|WEB#PAID}; a rejection is counted twice, under {@code #REJECTED} and
 * under its reason, {@code #REJECTED:OUT_OF_STOCK}. The count is the {@code orders} of the key's totals.
 */
public enum FunnelStep {
    PLACED, RESERVED, REJECTED, EXPIRED, PAID, CANCELLED, SHIPPED, DELIVERED;

    private static final char STEP = '#';
    private static final char REASON = ':';

    /** The step an order reaches by moving to {@code status}; null for statuses that are no step (a hold TAKEN over). */
    public static FunnelStep of(OrderStatus status) {
        return switch (status) {
            case PENDING -> PLACED;
            case RESERVED -> RESERVED;
            case REJECTED -> REJECTED;
            case EXPIRED -> EXPIRED;
            case PAID -> PAID;
            case CANCELLED -> CANCELLED;
            case SHIPPED -> SHIPPED;
            case DELIVERED -> DELIVERED;
            default -> null;
        };
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** The store key of this step under {@code dimensionKey}. */
    public String key(String dimensionKey) {
        return dimensionKey + STEP + name();
    }

    /** The store key of a rejection's reason under {@code dimensionKey}. */
    public static String rejectionKey(String dimensionKey, RejectCode reason) {
        return REJECTED.key(dimensionKey) + REASON + reason.name();
    }

    /** A funnel store key taken apart: its dimension value, step and (rejections only) reason. */
    public record Key(String group, FunnelStep step, String reason) { }

    /** {@code storeKey} taken apart if it is of {@code dimension}; null otherwise (or when it is no funnel key). */
    public static Key parse(Dimension dimension, String storeKey) {
        String value = dimension.valueIn(storeKey);
        int at = value == null ? -1 : value.lastIndexOf(STEP);
        if (at < 0) {
            return null;
        }
        String step = value.substring(at + 1);
        int colon = step.indexOf(REASON);
        try {
            return new Key(value.substring(0, at), valueOf(colon < 0 ? step : step.substring(0, colon)),
                    colon < 0 ? null : step.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
