package com.scoville;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a payment card number anywhere in a text. Scoville takes gateway tokens, never card
 * data: such a request is refused before it is written or logged, and such a partner record is rejected
 * without being copied.
 *
 * <p>The rule: after normalising the text (NFKC, so fullwidth digits and punctuation read as ASCII; every Unicode
 * decimal digit, Arabic-Indic or Devanagari, read as its value; invisible format characters and combining marks
 * dropped), a card number is 13 to 19 digits passing the Luhn check, written as consecutive groups of digits
 * joined by gaps of one to three separators (space, dash, dot, slash). Letters and any other character end a
 * run but do not hide it ({@code card4111111111111111x} is found). Within a run, every span of whole groups of
 * 13 to 19 digits is checked, so digits added before or after a separated number do not hide it either; a
 * group of more than 19 digits is not a card (an order number, a long id). A canonical UUID (8-4-4-4-12 hex)
 * is an id, not a card, and is skipped. False positives are Luhn-valid 13 to 19 digit runs (about one in ten
 * of such runs, e.g. epoch milliseconds); timestamps in ISO form, SKUs, phone numbers and our ids are shorter
 * runs. The work is linear in the length of the text.
 */
public final class CardNumbers {
    /** What a text holding a card number is replaced with when a record is copied on. */
    public static final String REDACTED = "[card number removed]";

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    /** The most separators between two groups of one number ("4111 - 1111" has three). */
    private static final int MAX_GAP = 3;
    private static final char OTHER = '#';
    private static final Pattern UUID = Pattern.compile(
            "(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])");

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
        if (text == null || text.length() < 2 || fewAsciiDigitsOnly(text) || isCanonicalUuid(text)) {
            return false; // most texts (names, cities, short ids, our UUIDs) are settled here
        }
        String normal = normalise(text);
        Matcher uuids = UUID.matcher(normal);
        if (!uuids.find()) {
            return scan(normal);
        }
        StringBuilder withoutIds = new StringBuilder(normal);
        do {
            for (int i = uuids.start(); i < uuids.end(); i++) {
                withoutIds.setCharAt(i, OTHER);
            }
        } while (uuids.find());
        return scan(withoutIds.toString());
    }

    /** A text that is one canonical UUID and nothing else: what the UUID rule below skips, found without normalising. */
    static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphen ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII hex digit, either case (the UUID rule's [0-9a-fA-F]). */
    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** ASCII text with fewer than 13 digits cannot hold a card number, whatever else it holds. */
    private static boolean fewAsciiDigitsOnly(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return digits < MIN_DIGITS;
    }

    /**
     * The text as the scan reads it: ASCII digits for every decimal digit, '-' for a dash, ' ', '.' and '/' for
     * the other separators, ASCII letters kept (a UUID is recognised by them), {@value #OTHER} for anything
     * else; format characters (zero-width spaces, soft hyphens, direction marks) and combining marks dropped.
     */
    static String normalise(String text) {
        String nfkc = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                continue;
            }
            if (type == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else if (cp == '-' || type == Character.DASH_PUNCTUATION || cp == '\u2212') {
                out.append('-');
            } else if (cp == '.' || cp == '\u00B7' || cp == '\u2024' || cp == '\u2027' || cp == '\u3002' || cp == '\u30FB') {
                out.append('.');
            } else if (cp == '/' || cp == '\\' || cp == '\u2044' || cp == '\u2215' || cp == '\u29F8') {
                out.append('/');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else if (cp < 0x80 && Character.isLetter(cp)) {
                out.append((char) cp);
            } else {
                out.append(OTHER);
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/';
    }

    /** Whether a normalised text holds a run of digit groups with a Luhn-valid span of 13 to 19 digits. */
    private static boolean scan(String s) {
        int n = s.length();
        int[] groupStart = new int[n];
        int[] groupEnd = new int[n];
        int i = 0;
        while (i < n) {
            if (!isDigit(s.charAt(i))) {
                i++;
                continue;
            }
            // one run: groups of digits joined by short gaps of separators
            int groups = 0;
            while (true) {
                int start = i;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                groupStart[groups] = start;
                groupEnd[groups] = i;
                groups++;
                int gap = i;
                while (gap < n && isSeparator(s.charAt(gap))) {
                    gap++;
                }
                if (gap - i < 1 || gap - i > MAX_GAP || gap >= n || !isDigit(s.charAt(gap))) {
                    i = gap;
                    break;
                }
                i = gap;
            }
            if (anyCardSpan(s, groupStart, groupEnd, groups)) {
                return true;
            }
        }
        return false;
    }

    /** Every span of whole groups holding 13 to 19 digits; at most 19 groups from each start, so linear. */
    private static boolean anyCardSpan(String s, int[] groupStart, int[] groupEnd, int groups) {
        char[] digits = new char[MAX_DIGITS];
        for (int first = 0; first < groups; first++) {
            int count = 0;
            for (int last = first; last < groups; last++) {
                int length = groupEnd[last] - groupStart[last];
                if (count + length > MAX_DIGITS) {
                    break;
                }
                s.getChars(groupStart[last], groupEnd[last], digits, count);
                count += length;
                if (count >= MIN_DIGITS && luhn(digits, count)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean luhn(String digits) {
        return luhn(digits.toCharArray(), digits.length());
    }

    private static boolean luhn(char[] digits, int length) {
        int sum = 0;
        boolean twice = false;
        for (int i = length - 1; i >= 0; i--) {
            int d = digits[i] - '0';
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
