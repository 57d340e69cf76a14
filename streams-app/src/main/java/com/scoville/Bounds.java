package com.scoville;

import com.scoville.avro.BundleComponent;
import com.scoville.avro.Product;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bounds of every number and text that comes from outside (HTTP or a partner's record), in one place:
 * the HTTP layer refuses what breaks them (422 naming the field), the topology rejects it again (REJECTED,
 * INVALID), so no arithmetic in a stream thread can overflow. The sums they allow are checked when this
 * class loads (see {@link #checkArithmetic()}); {@code Math.*Exact} elsewhere is a last guard only.
 */
public final class Bounds {
    /** One million dollars a unit. */
    public static final long MAX_PRICE_CENTS = 100_000_000L;
    /** Ceiling of the MAX_ORDER_LINES setting. */
    public static final int MAX_ORDER_LINES = 200;
    /** Ceiling of the MAX_LINE_QUANTITY setting. */
    public static final int MAX_LINE_QUANTITY = 10_000;
    public static final int MAX_BUNDLE_COMPONENTS = 20;
    /** Units of stock one bundle takes, summed over its components. */
    public static final int MAX_BUNDLE_UNITS = 100;
    /** Most units one SKU may have on hand; a restock past it is refused. */
    public static final int MAX_ON_HAND = 1_000_000_000;
    public static final int MAX_RESTOCK_QUANTITY = 1_000_000;
    public static final int MAX_SIZE_ML = 10_000;
    public static final int MAX_HEAT_LEVEL = 10;

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_SKU_LENGTH = 64;
    public static final int MAX_NAME_LENGTH = 200;
    /** Free text: address lines. */
    public static final int MAX_TEXT_LENGTH = 500;
    public static final int MAX_COMMENT_LENGTH = 2000;

    public static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_SKU_LENGTH - 1) + "}");
    public static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    static {
        checkArithmetic();
    }

    private Bounds() { }

    /**
     * What the bounds promise, computed with exact arithmetic: a change of a bound that breaks a promise fails
     * here, at start, instead of in a stream thread.
     */
    static void checkArithmetic() {
        // an order's total: every line at the most units and the highest price
        Math.multiplyExact(Math.multiplyExact((long) MAX_ORDER_LINES, MAX_LINE_QUANTITY), MAX_PRICE_CENTS);
        // the units one order needs of one SKU (every line the same bundle of that SKU) fit an int and the shelf
        long units = Math.multiplyExact(Math.multiplyExact((long) MAX_ORDER_LINES, MAX_LINE_QUANTITY), MAX_BUNDLE_UNITS);
        require(units <= MAX_ON_HAND, "one order can need more units than a SKU may hold");
        // a restock on a full shelf, and a reservation on top of it, stay an int
        require((long) MAX_ON_HAND + MAX_RESTOCK_QUANTITY <= Integer.MAX_VALUE, "onHand + restock overflows an int");
    }

    private static void require(boolean promise, String broken) {
        if (!promise) {
            throw new IllegalStateException("Bounds: " + broken);
        }
    }

    /** A price in cents: 0 to {@link #MAX_PRICE_CENTS}. */
    public static void price(List<Violation> out, String field, long cents) {
        if (cents < 0 || cents > MAX_PRICE_CENTS) {
            out.add(new Violation(field, "must be 0 to " + MAX_PRICE_CENTS + " cents"));
        }
    }

    /** An optional text of at most {@code max} characters. */
    public static void text(List<Violation> out, String field, String value, int max) {
        if (value != null && value.length() > max) {
            out.add(new Violation(field, "at most " + max + " characters"));
        }
    }

    /** A required text (not blank) of at most {@code max} characters. */
    public static void requiredText(List<Violation> out, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            out.add(new Violation(field, "is required (at most " + max + " characters)"));
        } else {
            text(out, field, value, max);
        }
    }

    public static void sku(List<Violation> out, String field, String value) {
        if (value == null || !SKU.matcher(value).matches()) {
            out.add(new Violation(field, "must be 1 to " + MAX_SKU_LENGTH + " letters, digits, '.', '_' or '-'"));
        }
    }

    /** The components of a bundle: how many, and how many units they take together. */
    public static void components(List<Violation> out, String field, List<Integer> quantities) {
        if (quantities.size() > MAX_BUNDLE_COMPONENTS) {
            out.add(new Violation(field, "at most " + MAX_BUNDLE_COMPONENTS + " components"));
            return;
        }
        long units = 0;
        for (int i = 0; i < quantities.size(); i++) {
            Integer q = quantities.get(i);
            if (q == null || q < 1 || q > MAX_BUNDLE_UNITS) {
                out.add(new Violation(field + "[" + i + "].quantity", "must be 1 to " + MAX_BUNDLE_UNITS));
            } else {
                units += q;
            }
        }
        if (units > MAX_BUNDLE_UNITS) {
            out.add(new Violation(field, "a bundle takes at most " + MAX_BUNDLE_UNITS + " units in all"));
        }
    }

    /**
     * What breaks the bounds in a catalog entry. The HTTP layer never writes such a product, but one written
     * before these bounds (or straight to the topic) is still in the catalog: orders for it are rejected.
     */
    public static List<Violation> product(Product p) {
        List<Violation> out = new ArrayList<>();
        sku(out, "sku", p.getSku());
        requiredText(out, "name", p.getName(), MAX_NAME_LENGTH);
        text(out, "family", p.getFamily(), MAX_NAME_LENGTH);
        price(out, "priceCents", p.getPriceCents());
        price(out, "wholesalePriceCents", p.getWholesalePriceCents());
        if (p.getHeatLevel() < 0 || p.getHeatLevel() > MAX_HEAT_LEVEL) {
            out.add(new Violation("heatLevel", "must be 0 to " + MAX_HEAT_LEVEL));
        }
        if (p.getSizeMl() < 0 || p.getSizeMl() > MAX_SIZE_ML) {
            out.add(new Violation("sizeMl", "must be 0 to " + MAX_SIZE_ML));
        }
        List<BundleComponent> parts = p.getComponents() == null ? List.of() : p.getComponents();
        components(out, "components", parts.stream().map(BundleComponent::getQuantity).toList());
        for (int i = 0; i < parts.size() && i < MAX_BUNDLE_COMPONENTS; i++) {
            sku(out, "components[" + i + "].sku", parts.get(i).getSku());
        }
        return out;
    }

    /** {@code value} cut to at most {@code max} characters (null stays null). */
    public static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
