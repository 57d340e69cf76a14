package com.scoville.http.security;

import com.scoville.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RATE_LIMITS as the operator writes it, and the buckets it makes. */
class RateLimitsTest {
    private static Principal principal(String subject, Role... roles) {
        return new Principal(subject, subject, EnumSet.of(roles[0], roles), roles[0] == Role.CHANNEL ? "WEB" : null, Instant.MAX);
    }

    @Test
    void shouldReadEachRolesLimitInSecondsMinutesOrHours() {
        RateLimits limits = RateLimits.parse(" customer = 120/min, channel=100/s ,admin=3600/h,anonymous=5/sec");

        assertThat(limits.limitOf(principal("c", Role.CUSTOMER))).isEqualTo(new RateLimits.Limit("customer", 120, Duration.ofMinutes(1)));
        assertThat(limits.limitOf(principal("w", Role.CHANNEL))).isEqualTo(new RateLimits.Limit("channel", 100, Duration.ofSeconds(1)));
        assertThat(limits.limitOf(principal("a", Role.ADMIN))).isEqualTo(new RateLimits.Limit("admin", 3600, Duration.ofHours(1)));
        // a role left out gets the anonymous limit
        assertThat(limits.limitOf(principal("n", Role.ANALYST)).quota()).isEqualTo(5);
    }

    @Test
    void shouldGiveAPrincipalWithSeveralRolesTheMostGenerousLimit() {
        RateLimits limits = RateLimits.parse("customer=120/min,channel=6000/min");

        assertThat(limits.limitOf(principal("both", Role.CUSTOMER, Role.CHANNEL)).name()).isEqualTo("channel");
    }

    @Test
    void shouldRefuseAMalformedValueOrAnUnknownRole() {
        assertThatThrownBy(() -> RateLimits.parse("customer=lots")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer=lots");
        assertThatThrownBy(() -> RateLimits.parse("customer=10/fortnight")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimits.parse("robot=10/min")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("robot");
        assertThatThrownBy(() -> RateLimits.parse("customer=0/min")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountAddressesApartWhenThereIsNoToken() {
        RateLimits limits = RateLimits.parse("anonymous=1/min");

        Map<String, String> first = limits.take(null, "10.0.0.1");
        Map<String, String> other = limits.take(null, "10.0.0.2");

        assertThat(first).containsEntry("RateLimit", "\"anonymous\";r=0;t=60");
        assertThat(other).containsEntry("RateLimit-Policy", "\"anonymous\";q=1;w=60");
        assertThatThrownBy(() -> limits.take(null, "10.0.0.1")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(ApiException.Kind.TOO_MANY_REQUESTS);
            assertThat(e.headers()).containsKey("Retry-After").containsEntry("RateLimit-Policy", "\"anonymous\";q=1;w=60");
        });
    }
}
