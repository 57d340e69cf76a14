package com.scoville.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.CardNumbers;
import com.scoville.Violation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The card-number check of request bodies: one walk over the parsed JSON, so every value is read decoded
 * ({@code \u0034} escapes and all), every text and number value and every field name is checked with
 * {@link CardNumbers}, and the 422 names each field where a number was found ({@code shippingAddress.line2},
 * {@code lines[1].sku}, {@code variables.customerId}) without ever quoting the value. The walk visits each
 * node once; bodies are already bounded in size.
 */
public final class CardData {
    /** Digits a number may have after or before its point to be written out in full (a card number has 13 to 19). */
    private static final int MAX_PLAIN_SCALE = 40;
    static final String DETAIL = "Card data is refused: send a payment gateway token";
    static final String MESSAGE = "looks like a card number: card data is refused, send a payment gateway token";
    /** A field named in an answer is cut here: field names come from the client. */
    private static final int MAX_FIELD_LENGTH = 200;
    /** The most fields one answer names. */
    private static final int MAX_FIELDS = 20;
    private static final int MAX_DEPTH = 1000;

    private CardData() { }

    /** 422 naming every field of {@code tree} (under {@code prefix}, "" for a body) that holds a card number. */
    public static void refuseIn(JsonNode tree, String prefix) {
        List<Violation> found = new ArrayList<>();
        walk(tree, prefix, found, 0);
        if (!found.isEmpty()) {
            throw ApiException.unprocessable(DETAIL, found);
        }
    }

    /** 422 naming {@code field} when the text holds a card number. */
    public static void refuseText(String text, String field) {
        if (CardNumbers.containsCardNumber(text)) {
            throw refused(field);
        }
    }

    /** The answer to a body that holds a card number where no field can be named (it is not valid JSON). */
    public static ApiException refused(String field) {
        return ApiException.unprocessable(DETAIL, List.of(new Violation(field, MESSAGE)));
    }

    private static void walk(JsonNode node, String path, List<Violation> found, int depth) {
        if (found.size() >= MAX_FIELDS || node == null) {
            return;
        }
        if (depth > MAX_DEPTH) {
            // deeper than any parser here accepts; say where without walking on
            found.add(new Violation(name(path), "is nested too deeply to be checked for card data"));
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext() && found.size() < MAX_FIELDS) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (CardNumbers.containsCardNumber(field.getKey())) {
                    found.add(new Violation(name(path), "has a field name that " + MESSAGE));
                    continue;
                }
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), found, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && found.size() < MAX_FIELDS; i++) {
                walk(node.get(i), path + "[" + i + "]", found, depth + 1);
            }
        } else if (node.isTextual()) {
            check(node.textValue(), path, found);
        } else if (node.isNumber()) {
            // a number sent where text belongs is taken as its digits
            if (CardNumbers.containsCardNumber(node.asText()) || node.isFloatingPointNumber() && plainDigitsHoldOne(node)) {
                found.add(new Violation(name(path), MESSAGE));
            }
        }
    }

    /**
     * A fractional number written out in full ({@code 4.111111111111111e15} is 4111111111111111). Only a short one:
     * 1e309 is no finite double, and 1e999999 written out is a million digits, neither a card number.
     */
    private static boolean plainDigitsHoldOne(JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return false;
        }
        java.math.BigDecimal value = node.decimalValue();
        return Math.abs(value.scale()) <= MAX_PLAIN_SCALE && value.precision() <= MAX_PLAIN_SCALE
                && CardNumbers.containsCardNumber(value.toPlainString());
    }

    private static void check(String value, String path, List<Violation> found) {
        if (CardNumbers.containsCardNumber(value)) {
            found.add(new Violation(name(path), MESSAGE));
        }
    }

    /** The field's path as answers write it, cut to a bounded length; "body" for the body itself. */
    private static String name(String path) {
        if (path.isEmpty()) {
            return "body";
        }
        String name = path.length() <= MAX_FIELD_LENGTH ? path : path.substring(0, MAX_FIELD_LENGTH) + "…";
        // field names joined by dots, or cut through a long run of digits, could read as a card number of their own
        return CardNumbers.containsCardNumber(name) ? "body" : name;
    }
}
