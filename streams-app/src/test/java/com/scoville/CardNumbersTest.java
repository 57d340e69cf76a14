package com.scoville;

import org.junit.jupiter.api.Test;

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
    void shouldLetTokensPhoneNumbersAndNonLuhnDigitsThrough() {
        assertThat(CardNumbers.containsCardNumber("tok_visa_4242")).isFalse();
        assertThat(CardNumbers.containsCardNumber("+1 555 0100")).isFalse();
        assertThat(CardNumbers.containsCardNumber("4111111111111112")).isFalse();
        assertThat(CardNumbers.containsCardNumber(null)).isFalse();
    }

    @Test
    void shouldNotMistakeTheDigitsOfAUuidForACard() {
        // the last three groups form a Luhn-valid run of 20 digits with dashes, but inside a UUID
        assertThat(CardNumbers.containsCardNumber("c-0b1e2f3a-4111-1111-1111-111111111111")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"customerId\":\"c-e4c09abc-ddb3-4d86-4111-111111111111\"}")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"paymentToken\":\"tok_4111111111111111\"}")).isTrue();
    }
}
