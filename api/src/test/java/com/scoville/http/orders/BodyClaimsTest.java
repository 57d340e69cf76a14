package com.scoville.http.orders;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyClaimsTest {
    private final BodyClaims claims = new BodyClaims(3);

    @Test
    void shouldLetOneBodyHaveAnIdAndRefuseAnother() {
        assertThat(claims.claim("o-1", "body-a")).isTrue();

        assertThat(claims.claim("o-1", "body-a")).as("the same body again (a retry or a racing twin)").isTrue();
        assertThat(claims.claim("o-1", "body-b")).as("another body under the same id").isFalse();
        assertThat(claims.claim("o-2", "body-b")).as("another id").isTrue();
    }

    @Test
    void shouldFreeAnIdWhoseOnlyWriteFailed() {
        claims.claim("o-1", "body-a");

        claims.failed("o-1", "body-a");

        assertThat(claims.claim("o-1", "body-b")).isTrue();
    }

    @Test
    void shouldKeepAnIdOnceAWriteOfItsBodyWentThroughEvenIfARetryFails() {
        claims.claim("o-1", "body-a");
        claims.written("o-1", "body-a");

        claims.failed("o-1", "body-a");

        assertThat(claims.claim("o-1", "body-b")).isFalse();
    }

    @Test
    void shouldNotLetAnotherBodysFailureFreeTheClaim() {
        claims.claim("o-1", "body-a");

        claims.failed("o-1", "body-b");

        assertThat(claims.claim("o-1", "body-b")).isFalse();
    }

    @Test
    void shouldForgetTheOldestIdsBeyondItsCapacity() {
        claims.claim("o-1", "body-a");
        claims.claim("o-2", "body-a");
        claims.claim("o-3", "body-a");

        claims.claim("o-4", "body-a");

        assertThat(claims.claim("o-1", "body-b")).as("o-1 was the oldest of four in a capacity of three").isTrue();
        assertThat(claims.claim("o-3", "body-b")).isFalse();
    }
}
