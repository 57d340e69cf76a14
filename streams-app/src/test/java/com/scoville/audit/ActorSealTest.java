package com.scoville.audit;

import com.scoville.CardNumbers;
import com.scoville.avro.Actor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An actor on an order is kept only with the seal the instances' secret makes, for that order and those fields. */
class ActorSealTest {
    private static final Actor SHOP = Actor.newBuilder().setSubject("web-shop").setClient("web-shop")
            .setRoles(List.of("channel")).setRequestId("req-1").build();
    private final ActorSeal seal = ActorSeal.of("peer secret");

    @Test
    void shouldKeepAnActorSealedForItsOrder() {
        Headers headers = new RecordHeaders(seal.headers("o-1", SHOP));

        assertThat(seal.verified("o-1", SHOP, headers)).isEqualTo(SHOP);
        assertThat(ActorSeal.of("peer secret").verified("o-1", SHOP, headers)).as("another instance, same secret").isEqualTo(SHOP);
    }

    @Test
    void shouldDropAnActorWithoutAValidSeal() {
        Headers sealedForO1 = new RecordHeaders(seal.headers("o-1", SHOP));
        Actor admin = Actor.newBuilder(SHOP).setRoles(List.of("admin")).build();
        Actor otherRequest = Actor.newBuilder(SHOP).setRequestId("req-2").build();

        assertThat(seal.verified("o-1", SHOP, new RecordHeaders())).as("no seal").isNull();
        assertThat(seal.verified("o-2", SHOP, sealedForO1)).as("another order").isNull();
        assertThat(seal.verified("o-1", admin, sealedForO1)).as("another role").isNull();
        assertThat(seal.verified("o-1", otherRequest, sealedForO1)).as("another request").isNull();
        assertThat(ActorSeal.of("guessed").verified("o-1", SHOP, sealedForO1)).as("another secret").isNull();
        assertThat(ActorSeal.unshared().verified("o-1", SHOP, sealedForO1)).as("the default of a topology's settings").isNull();
        Headers garbage = new RecordHeaders().add(ActorSeal.HEADER, "not base64 at all!".getBytes(StandardCharsets.US_ASCII));
        assertThat(seal.verified("o-1", SHOP, garbage)).as("unreadable").isNull();
        assertThat(seal.verified("o-1", null, sealedForO1)).isNull();
    }

    @Test
    void shouldTellFieldsApartWhateverTheirText() {
        // "ab" + "c" and "a" + "bc" must not seal alike
        Actor one = Actor.newBuilder().setSubject("ab").setClient("c").build();
        Actor two = Actor.newBuilder().setSubject("a").setClient("bc").build();

        assertThat(seal.seal("o", one)).isNotEqualTo(seal.seal("o", two));
    }

    @Test
    void shouldBoundAnActor() {
        Actor wild = Actor.newBuilder().setSubject("x".repeat(1000)).setClient("4111 1111 1111 1111")
                .setRoles(List.of("root", "admin", "admin", "channel", "customer", "analyst", "god"))
                .setRequestId("r".repeat(65)).build();

        Actor bounded = ActorSeal.bounded(wild);

        assertThat(bounded.getSubject()).hasSize(128);
        assertThat(bounded.getClient()).isEqualTo(CardNumbers.REDACTED);
        assertThat(bounded.getRoles()).containsExactly("admin", "channel", "customer", "analyst");
        assertThat(bounded.getRequestId()).isNull();
        assertThat(ActorSeal.bounded(SHOP)).isEqualTo(SHOP);
        assertThat(ActorSeal.bounded(null)).isNull();
    }
}
