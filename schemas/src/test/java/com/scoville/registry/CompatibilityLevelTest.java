package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    private static final Schema V1 = record("{\"name\": \"sku\", \"type\": \"string\"}");
    private static final Schema WITH_DEFAULT = record("{\"name\": \"sku\", \"type\": \"string\"}, {\"name\": \"qty\", \"type\": \"int\", \"default\": 1}");
    private static final Schema WITH_REQUIRED = record("{\"name\": \"sku\", \"type\": \"string\"}, {\"name\": \"qty\", \"type\": \"int\"}");

    @Test
    void shouldAcceptNewFieldWithDefaultUnderBackward() {
        assertThat(CompatibilityLevel.BACKWARD.check(WITH_DEFAULT, List.of(V1))).isEmpty();
    }

    @Test
    void shouldRejectNewRequiredFieldUnderBackwardWithMessage() {
        // when a field without default is added
        List<String> messages = CompatibilityLevel.BACKWARD.check(WITH_REQUIRED, List.of(V1));

        // then the message names the problem and the field
        assertThat(messages).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("qty");
    }

    @Test
    void shouldAcceptNewRequiredFieldUnderForwardButNotFull() {
        // a new required field: old readers ignore it (forward) but new readers cannot read old data (backward)
        assertThat(CompatibilityLevel.FORWARD.isCompatible(WITH_REQUIRED, List.of(V1))).isTrue();
        assertThat(CompatibilityLevel.FULL.isCompatible(WITH_REQUIRED, List.of(V1))).isFalse();
        assertThat(CompatibilityLevel.FULL.isCompatible(WITH_DEFAULT, List.of(V1))).isTrue();
    }

    @Test
    void shouldCheckOnlyLatestUnlessTransitive() {
        // given V1 {sku}, then V2 {sku, qty=1}, and a candidate {qty} with no default
        List<Schema> history = List.of(V1, WITH_DEFAULT);
        Schema qtyOnly = record("{\"name\": \"qty\", \"type\": \"int\"}");

        // when / then: it reads V2 data, but not V1 data, which has no qty
        assertThat(CompatibilityLevel.BACKWARD.check(qtyOnly, history)).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.check(qtyOnly, history)).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("earlier schema #1");
    }

    @Test
    void shouldAcceptAnythingUnderNone() {
        assertThat(CompatibilityLevel.NONE.check(WITH_REQUIRED, List.of(V1, WITH_DEFAULT))).isEmpty();
    }

    @Test
    void shouldParseLevelsCaseInsensitivelyAndRejectOthers() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BACKWARD");
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Line\", \"fields\": [" + fields + "]}");
    }
}
