package com.scoville.kafka;

import com.scoville.Bounds;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScovilleConfigTest {

    @Test
    void shouldRefuseOrderLimitsAboveTheCeilingsTheArithmeticAssumes() {
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("MAX_LINE_QUANTITY", String.valueOf(Bounds.MAX_LINE_QUANTITY + 1))))
                .hasMessageContaining("MAX_LINE_QUANTITY");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("MAX_ORDER_LINES", "100000")))
                .hasMessageContaining("MAX_ORDER_LINES");
    }

    @Test
    void shouldTakeOrderLimitsUpToTheCeilings() {
        ScovilleConfig config = ScovilleConfig.from(Map.of("MAX_ORDER_LINES", String.valueOf(Bounds.MAX_ORDER_LINES),
                "MAX_LINE_QUANTITY", String.valueOf(Bounds.MAX_LINE_QUANTITY)));
        assertThat(config.maxOrderLines()).isEqualTo(Bounds.MAX_ORDER_LINES);
        assertThat(config.maxLineQuantity()).isEqualTo(Bounds.MAX_LINE_QUANTITY);
    }

    @Test
    void shouldDocumentEverySettingInTheReadmeAsDeclared() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).as("README's configuration table, as ScovilleConfig.markdownTable() gives it")
                .contains(ScovilleConfig.markdownTable());
    }

    @Test
    void shouldReadEachSettingWithItsTypeAndDefault() {
        ScovilleConfig defaults = ScovilleConfig.from(Map.of());
        ScovilleConfig set = ScovilleConfig.from(Map.of("POLL_MS", "25", "RESERVATION_TTL", "90", "SEED_CATALOG", "no",
                "KAFKA_BOOTSTRAP_SERVERS", " kafka:9092 "));

        assertThat(defaults.pollMs()).isEqualTo(10);
        assertThat(defaults.kafkaBootstrapServers()).isEmpty();
        assertThat(defaults.reservationTtl()).hasMinutes(15);
        assertThat(set.pollMs()).isEqualTo(25);
        assertThat(set.reservationTtl()).hasSeconds(90);
        assertThat(set.seedCatalog()).isFalse();
        assertThat(set.kafkaBootstrapServers()).contains("kafka:9092");
        assertThat(set.with(Map.of("POLL_MS", "30")).asEnv()).containsEntry("POLL_MS", "30").containsEntry("SEED_CATALOG", "no")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
    }

    @Test
    void shouldAllowLoopbackWebhooksOnlyOnTheEmbeddedStackUnlessSet() {
        ScovilleConfig embedded = ScovilleConfig.from(Map.of());
        ScovilleConfig cluster = ScovilleConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        ScovilleConfig clusterAllowing = ScovilleConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "WEBHOOK_ALLOW_LOOPBACK", "true"));

        assertThat(embedded.webhookAllowLoopback()).isTrue();
        assertThat(cluster.webhookAllowLoopback()).isFalse();
        assertThat(clusterAllowing.webhookAllowLoopback()).isTrue();
    }

    @Test
    void shouldKeepTheStateBesideTheBrokerDataUnlessToldOtherwise() {
        assertThat(ScovilleConfig.from(Map.of()).stateDir()).isEqualTo(Path.of("./data/state"));
        // another DATA_DIR alone once left the state in ./data/state: a fresh broker with stale global-store
        // checkpoints, and an instance that never became ready
        assertThat(ScovilleConfig.from(Map.of("DATA_DIR", "/srv/scoville")).stateDir()).isEqualTo(Path.of("/srv/scoville/state"));
        assertThat(ScovilleConfig.from(Map.of("DATA_DIR", "/srv/scoville", "STATE_DIR", "/fast/state")).stateDir()).isEqualTo(Path.of("/fast/state"));
    }

    @Test
    void shouldNameTheVariableWhenAValueCannotBeRead() {
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("POLL_MS", "0"))).hasMessageContaining("POLL_MS").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("HTTP_PORT", "70000"))).hasMessageContaining("HTTP_PORT");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("RESERVATION_TTL", "-PT1S"))).hasMessageContaining("RESERVATION_TTL");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("SEED_CATALOG", "maybe"))).hasMessageContaining("SEED_CATALOG");
    }

    @Test
    void shouldBoundTheAlertSettingsAndKeepTheClearingBandInsideTheRaisingOne() {
        ScovilleConfig set = ScovilleConfig.from(Map.of("ALERT_Z_RAISE", "3.5", "ALERT_SELLING_OUT_WITHIN", "PT10M"));

        assertThat(set.alertZRaise()).isEqualTo(3.5);
        assertThat(set.alertSellingOutWithin()).hasMinutes(10);
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("ALERT_Z_CLEAR", "4"))).hasMessageContaining("ALERT_Z_CLEAR");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("ALERT_MIN_RATE", "NaN"))).hasMessageContaining("ALERT_MIN_RATE");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("ALERT_CHECK_INTERVAL", "PT2H"))).hasMessageContaining("ALERT_CHECK_INTERVAL");
    }

    @Test
    void shouldTakeTheKafkaLoginAsBothVariablesOrNeither() {
        assertThat(ScovilleConfig.from(Map.of()).kafkaCredentials()).isEmpty();
        assertThat(ScovilleConfig.from(Map.of("KAFKA_SASL_USERNAME", "scoville", "KAFKA_SASL_PASSWORD", "secret")).kafkaCredentials())
                .hasValueSatisfying(login -> assertThat(login.username()).isEqualTo("scoville"));
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("KAFKA_SASL_USERNAME", "scoville")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KAFKA_SASL_PASSWORD");
    }

    @Test
    void shouldRefuseRegistryUserInfoWithoutAPassword() {
        assertThat(ScovilleConfig.from(Map.of("SCHEMA_REGISTRY_USER_INFO", "writer:s3cret")).schemaRegistryUserInfo()).contains("writer:s3cret");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("SCHEMA_REGISTRY_USER_INFO", "writer")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCHEMA_REGISTRY_USER_INFO");
    }
}
