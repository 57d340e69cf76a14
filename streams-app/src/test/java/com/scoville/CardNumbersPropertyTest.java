package com.scoville;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The card-number rule over generated texts: a Luhn-valid number is found however it is dressed; other digits are not. */
class CardNumbersPropertyTest {
    private static final List<String> SEPARATORS = List.of("", " ", "-", ".", "/", " - ", "\u00A0", "\u2013", "\u3000", "\u200B");
    /** Zero, one, two… in ASCII, Arabic-Indic, Extended Arabic-Indic, Devanagari and fullwidth digits. */
    private static final int[] ZEROS = {'0', '\u0660', '\u06F0', '\u0966', '\uFF10'};

    /** A card number: 12 to 18 random digits and the Luhn check digit. */
    @Provide
    Arbitrary<String> cardNumbers() {
        return Arbitraries.strings().withCharRange('0', '9').ofMinLength(12).ofMaxLength(18)
                .map(body -> body + checkDigit(body));
    }

    /** Text around a number: letters, spaces and punctuation other than separators, possibly right against it. */
    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars("abcxyzABCXYZéßж _,;:!?()@#\"'").ofMaxLength(30);
    }

    @Property(tries = 500)
    void shouldFindALuhnValidNumberEmbeddedInTextWithRandomSeparatorsAndDigits(
            @ForAll("cardNumbers") String card, @ForAll("text") String before, @ForAll("text") String after,
            @ForAll("groupings") List<Integer> cuts, @ForAll("separatorChoices") List<Integer> separators,
            @ForAll("digitSystems") int zero) {
        // given the number cut into groups, joined by random separators, in a random digit system
        String written = dress(card, cuts, separators, zero);

        // then
        assertThat(CardNumbers.containsCardNumber(before + written + after)).as(before + written + after).isTrue();
    }

    @Property(tries = 500)
    void shouldNotFindADigitRunThatFailsTheLuhnCheck(@ForAll("cardNumbers") String card, @ForAll("text") String before,
                                                   @ForAll("text") String after, @ForAll("digitSystems") int zero) {
        // given the number with its check digit changed, so it fails the check, written as one run
        String notCard = card.substring(0, card.length() - 1) + (char) ('0' + (card.charAt(card.length() - 1) - '0' + 1) % 10);

        // then
        String text = before + dress(notCard, List.of(), List.of(), zero) + after;
        assertThat(CardNumbers.containsCardNumber(text)).as(text).isFalse();
    }

    @Property(tries = 300)
    void shouldNotFindARunOfMoreThanNineteenDigits(@ForAll("longRuns") String digits, @ForAll("text") String before,
                                                 @ForAll("text") String after) {
        assertThat(CardNumbers.containsCardNumber(before + digits + after)).isFalse();
    }

    @Property(tries = 300)
    void shouldNotFindAnythingInTextWithoutDigits(@ForAll("text") String text) {
        assertThat(CardNumbers.containsCardNumber(text)).isFalse();
    }

    @Provide
    Arbitrary<List<Integer>> groupings() {
        return Arbitraries.integers().between(1, 18).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Integer>> separatorChoices() {
        return Arbitraries.integers().between(1, SEPARATORS.size() - 1).list().ofMinSize(6).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> digitSystems() {
        return Arbitraries.of(ZEROS[0], ZEROS[1], ZEROS[2], ZEROS[3], ZEROS[4]);
    }

    @Provide
    Arbitrary<String> longRuns() {
        return Combinators.combine(Arbitraries.strings().withCharRange('1', '9').ofLength(1),
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(19).ofMaxLength(40)).as(String::concat);
    }

    /** {@code digits} cut at {@code cuts} (positions, any order), the cuts joined by separators, in another digit system. */
    private static String dress(String digits, List<Integer> cuts, List<Integer> separators, int zero) {
        StringBuilder out = new StringBuilder();
        int k = 0;
        for (int i = 0; i < digits.length(); i++) {
            if (cuts.contains(i) && i > 0) {
                out.append(SEPARATORS.get(separators.get(k++ % separators.size())));
            }
            out.appendCodePoint(zero + digits.charAt(i) - '0');
        }
        return out.toString();
    }

    private static char checkDigit(String body) {
        for (char c = '0'; c <= '9'; c++) {
            if (CardNumbers.luhn(body + c)) {
                return c;
            }
        }
        throw new AssertionError("every body has a check digit");
    }
}
