package com.scoville;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a payment card number (13 to 19 digits, optionally grouped by spaces or dashes,
 * passing the Luhn check, standing alone rather than inside a longer id) anywhere in a text. Scoville takes gateway tokens, never card data: such a
 * request is refused before it is written or logged.
 */
public final class CardNumbers {
    // Standing alone: a run inside a longer token (a UUID, a hex id) is not a card number someone typed.
    private static final Pattern CANDIDATE = Pattern.compile("(?<![A-Za-z0-9-])\\d(?:[ -]?\\d){12,18}(?![A-Za-z0-9-])");

    /** What a text holding a card number is replaced with when a record is copied on. */
    public static final String REDACTED = "[card number removed]";

    private CardNumbers() { }

    /** {@code text}, or {@link #REDACTED} when it holds a card number. */
    public static String redact(String text) {
        return containsCardNumber(text) ? REDACTED : text;
    }

    /** A card number, or the mark left where one was removed. */
    public static boolean isCardData(String text) {
        return REDACTED.equals(text) || containsCardNumber(text);
    }

    public static boolean containsCardNumber(String text) {
        if (text == null || digits(text) < 13) {
            return false; // most texts (names, cities, short ids) are settled without the pattern
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (luhn(m.group().replaceAll("[ -]", ""))) {
                return true;
            }
        }
        return false;
    }

    private static int digits(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
