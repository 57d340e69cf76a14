package com.scoville;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumbersTest {

    @Test
    void shouldFindCardNumbersWrittenWithSpacesDashesOrNothing() {
        assertThat(CardNumbers.containsCardNumber("4111111111111111")).isTrue();
        assertThat(CardNumbers.containsCardNumber("pay with 4111 1111 1111 1111 please")).isTrue();
        assertThat(CardNumbers.containsCardNumber("{\"paymentToken\":\"5500-0000-0000-0004\"}")).isTrue();
    }

    @Test
    void shouldFindACardNumberOfThirteenDigitsTheShortestThereIs() {
        // every digit counts towards the thirteen, zeros and nines too
        assertThat(CardNumbers.containsCardNumber("4909000000008")).isTrue();
        assertThat(CardNumbers.containsCardNumber("card 4909 0000 0000 8")).isTrue();
    }

    @Test
    void shouldFindCardNumbersInTheSpellingsAnAttackerWouldTry() {
        List<String> spellings = List.of(
                "4111.1111.1111.1111",                       // dots
                "4111/1111/1111/1111",                       // slashes
                "4111 - 1111 - 1111 - 1111",                 // a dash between spaces
                "4111-1111 1111.1111",                       // mixed separators
                "4.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1",           // every digit its own group
                "3782 822463 10005",                         // Amex grouping, 15 digits
                "card4111111111111111x",                     // letters right against the digits
                "tok_4111111111111111",
                "ref:4111111111111111;",
                "４１１１ １１１１ １１１１ １１１１",                 // fullwidth digits and an ideographic space
                "４１１１－１１１１．１１１１／１１１１",                 // fullwidth separators
                "٤١١١١١١١١١١١١١١١",                          // Arabic-Indic digits
                "۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱",                       // Extended Arabic-Indic (Persian) digits
                "४१११ ११११ ११११ ११११",                       // Devanagari digits
                "\uD835\uDFD2111111111111111",               // MATHEMATICAL BOLD DIGIT FOUR, then ASCII
                "4111\u00A01111\u00A01111\u00A01111",        // no-break spaces
                "4111\u20131111\u20131111\u20131111",        // en dashes
                "4111\u22121111\u22121111\u22121111",        // minus signs
                "4111\u200B1111\u200B1111\u200B1111",        // zero-width spaces between the groups
                "41\u00AD11111111111111",                    // a soft hyphen inside
                "4\u0301" + "111111111111111\u0301",          // combining accents on the digits
                "4111\n1111\t1111 1111",                     // line breaks and tabs
                "4111 1111 1111 1111 1",                     // a digit added after the number
                "7 4111 1111 1111 1111",                     // a digit added before it
                "4111111111111111 5550100",                  // another number after it
                "c-0b1e2f3a-4111 1111 1111 1111");           // next to an id
        spellings.forEach(s -> assertThat(CardNumbers.containsCardNumber(s)).as(s).isTrue());
    }

    @Test
    void shouldLetTokensPhoneNumbersAndNonLuhnDigitsThrough() {
        assertThat(CardNumbers.containsCardNumber("tok_visa_4242")).isFalse();
        assertThat(CardNumbers.containsCardNumber("+1 555 0100")).isFalse();
        assertThat(CardNumbers.containsCardNumber("+44 20 7946 0958")).isFalse();
        assertThat(CardNumbers.containsCardNumber("4111111111111112")).isFalse();
        assertThat(CardNumbers.containsCardNumber("4111.1111.1111.1112")).isFalse();
        assertThat(CardNumbers.containsCardNumber(null)).isFalse();
        assertThat(CardNumbers.containsCardNumber("")).isFalse();
    }

    @Test
    void shouldLetIdsTimestampsAndSkusThrough() {
        List<String> ordinary = List.of(
                "2026-11-25T12:00:00.000Z", "2026/11/25 12:00:00.123", "GHOST-150", "HABANERO-250", "lines[12].sku",
                "ord_7MZQ4VXK2R6DJ3YBNW5TAH2CQE4FPL7SG6UK3XRA", "cmd_A2B3C4D5E6F7G2H3J4K5L6M7N2P3Q4",
                "41111111111111110000",                      // 20 digits in one group: no card is that long
                "123456789012345678901234567890",
                "1 Main St, Apt 4, Austin TX 78701");
        ordinary.forEach(s -> assertThat(CardNumbers.containsCardNumber(s)).as(s).isFalse());
    }

    @Test
    void shouldNotMistakeTheDigitsOfAUuidForACard() {
        // the last three groups form a Luhn-valid run of 20 digits with dashes, but inside a UUID
        assertThat(CardNumbers.containsCardNumber("c-0b1e2f3a-4111-1111-1111-111111111111")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"customerId\":\"c-e4c09abc-ddb3-4d86-4111-111111111111\"}")).isFalse();
        // a UUID alone, all of its 32 digits decimal and Luhn-valid in places, and one whose digits are fullwidth
        assertThat(CardNumbers.containsCardNumber("41111111-1111-1111-1111-111111111111")).isFalse();
        assertThat(CardNumbers.containsCardNumber("４１１１１１１１-1111-1111-1111-111111111111")).isFalse();
        // 36 characters with the hyphens where a UUID has them, but no UUID: read as any text
        assertThat(CardNumbers.containsCardNumber("4111111-11111-1111-1111-1111111111zz")).isTrue();
        // the digits of 86-4111-111111111111 would pass the Luhn check outside a UUID
        assertThat(CardNumbers.containsCardNumber("86-4111-111111111111")).isTrue();
        assertThat(CardNumbers.containsCardNumber("{\"paymentToken\":\"tok_4111111111111111\"}")).isTrue();
    }

    @Test
    void shouldTellABareCanonicalUuidFromTextsThatOnlyLookLikeOne() {
        assertThat(CardNumbers.isCanonicalUuid("41111111-1111-1111-1111-111111111111")).isTrue();
        assertThat(CardNumbers.isCanonicalUuid("09afAF09-09af-AF09-09af-AF0909afAF09")).isTrue();
        List<String> lookalikes = List.of(
                "41111111-1111-1111-1111-11111111111", "41111111-1111-1111-1111-1111111111111",   // 35 and 37 characters
                "411111111-111-1111-1111-111111111111", "41111111-11111-111-1111-111111111111",   // a hyphen moved
                "41111111-1111-11111-111-111111111111", "41111111-1111-1111-11111-11111111111",
                "41111111-1111-1111-1111-11111111111/", "41111111-1111-1111-1111-11111111111:",   // just outside 0-9
                "41111111-1111-1111-1111-11111111111`", "41111111-1111-1111-1111-11111111111g",   // just outside a-f
                "41111111-1111-1111-1111-11111111111@", "41111111-1111-1111-1111-11111111111G",   // just outside A-F
                "41111111-1111-1111-1111-11111111111\u0664");                                      // an Arabic-Indic four
        lookalikes.forEach(text -> assertThat(CardNumbers.isCanonicalUuid(text)).as(text).isFalse());
    }

    @Test
    void shouldReadEveryDecimalDigitAsItsValueAndDropWhatCannotBeSeen() {
        assertThat(CardNumbers.normalise("٤١٢٣-४५६७ ８９０")).isEqualTo("4123-4567 890");
        assertThat(CardNumbers.normalise("41\u200B11\u00AD1\u0301")).isEqualTo("41111");
        assertThat(CardNumbers.normalise("a/b．c－d\u00A0é")).isEqualTo("a/b.c-d #");
    }

    @Test
    void shouldRedactOnlyTextsHoldingACardNumber() {
        assertThat(CardNumbers.redact("card4111111111111111")).isEqualTo(CardNumbers.REDACTED);
        assertThat(CardNumbers.redact("1 Main St")).isEqualTo("1 Main St");
        assertThat(CardNumbers.isCardData(CardNumbers.REDACTED)).isTrue();
    }
}
