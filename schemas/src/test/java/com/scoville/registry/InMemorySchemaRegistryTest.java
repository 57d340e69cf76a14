package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema V1 = new Schema.Parser().parse(
            "{\"type\": \"record\", \"name\": \"Line\", \"fields\": [{\"name\": \"sku\", \"type\": \"string\"}]}");
    private static final Schema V2 = new Schema.Parser().parse(
            "{\"type\": \"record\", \"name\": \"Line\", \"fields\": [{\"name\": \"sku\", \"type\": \"string\"},"
                    + " {\"name\": \"qty\", \"type\": \"int\", \"default\": 1}]}");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldKeepIdOfSameSchemaAcrossSubjects() {
        // when one schema is registered twice under one subject and once under another
        int first = registry.register("a-value", V1);
        int again = registry.register("a-value", V1);
        int elsewhere = registry.register("b-value", V1);

        // then it has one global id and one version per subject
        assertThat(again).isEqualTo(first);
        assertThat(elsewhere).isEqualTo(first);
        assertThat(registry.latest("a-value").version()).isEqualTo(1);
        assertThat(registry.latest("b-value").version()).isEqualTo(1);
    }

    @Test
    void shouldAddVersionWithNewId() {
        // when a compatible change is registered
        int v1 = registry.register("a-value", V1);
        int v2 = registry.register("a-value", V2);

        // then it is version 2 with a new id, found both ways
        assertThat(v2).isNotEqualTo(v1);
        assertThat(registry.latest("a-value")).isEqualTo(new SchemaRegistry.RegisteredSchema("a-value", v2, 2, V2));
        assertThat(registry.idOf("a-value", V1)).isEqualTo(v1);
        assertThat(registry.schemaById(v2)).isEqualTo(V2);
    }

    @Test
    void shouldRejectIncompatibleSchemaWith409() {
        // given V1 is registered, and a new version adds a field without default (it cannot read V1 data)
        registry.register("a-value", V1);
        Schema required = new Schema.Parser().parse(V2.toString().replace(",\"default\":1", ""));

        // when / then
        assertThatThrownBy(() -> registry.register("a-value", required))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldAnswer404ForUnknowns() {
        assertThatThrownBy(() -> registry.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> registry.latest("none"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        registry.register("a-value", V1);
        assertThatThrownBy(() -> registry.idOf("a-value", V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }
}
