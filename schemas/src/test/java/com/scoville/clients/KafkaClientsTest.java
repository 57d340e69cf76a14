package com.scoville.clients;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientsTest {

    @Test
    void shouldAddTheScramLoginToAClientConfig() {
        Map<String, Object> config = KafkaClients.config("127.0.0.1:9092", Optional.of(new KafkaCredentials("scoville", "pa\"ss\\word")));

        assertThat(config).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"scoville\" password=\"pa\\\"ss\\\\word\";");
    }

    @Test
    void shouldStayPlaintextWithoutALogin() {
        assertThat(KafkaClients.config("127.0.0.1:9092", Optional.empty())).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void shouldReadBothVariablesOrNeither() {
        assertThat(KafkaCredentials.fromEnv(Map.of())).isEmpty();
        assertThat(KafkaCredentials.fromEnv(Map.of("KAFKA_SASL_USERNAME", "scoville", "KAFKA_SASL_PASSWORD", "secret")))
                .contains(new KafkaCredentials("scoville", "secret"));
        assertThatThrownBy(() -> KafkaCredentials.fromEnv(Map.of("KAFKA_SASL_USERNAME", "scoville")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KAFKA_SASL_PASSWORD");
    }

    @Test
    void shouldNeverShowThePassword() {
        assertThat(new KafkaCredentials("scoville", "s3cret-value").toString()).contains("scoville").doesNotContain("s3cret-value");
    }
}
