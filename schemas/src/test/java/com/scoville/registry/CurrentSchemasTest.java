package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Rules every current schema follows so it can evolve. */
class CurrentSchemasTest {

    private static final Map<String, Schema> CURRENT = AvscFiles.parseAll(Path.of("src/main/avro"));

    @Test
    void shouldGiveEveryEnumADefaultSymbol() {
        // given every named type of the current schemas, nested ones included
        assertThat(CURRENT).isNotEmpty();

        // then each enum has a default that is one of its symbols, so a reader survives a symbol it does not know
        CURRENT.values().stream().filter(schema -> schema.getType() == Schema.Type.ENUM).forEach(schema ->
                assertThat(schema.getEnumDefault()).as("default symbol of enum %s", schema.getFullName())
                        .isNotNull()
                        .isIn(schema.getEnumSymbols()));
    }

    @Test
    void shouldParseEveryFileInDependencyOrder() {
        // the generated Order is among the parsed types, with the same fields
        assertThat(CURRENT.get("com.scoville.avro.Order").getFields())
                .extracting(Schema.Field::name)
                .containsExactlyElementsOf(com.scoville.avro.Order.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }
}
