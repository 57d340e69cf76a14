package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    /** What a partner might produce with: the current Order's required fields only, under the same full name. */
    private static final Schema PARTNER_ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "com.scoville.avro", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "customerId", "type": "string"},
              {"name": "channel", "type": {"type": "enum", "name": "Channel",
                "symbols": ["UNKNOWN", "WEB", "MOBILE", "WHOLESALE", "POS"], "default": "UNKNOWN"}},
              {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "OrderLine", "fields": [
                {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"}]}}},
              {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}
            """);

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<Order> orders = AvroSerdes.specific(registry, Order.class, false);

    @Test
    void shouldRoundTripSpecificRecord() {
        // given a full order
        Order order = order("o-1");

        // when it is written and read back
        byte[] bytes = orders.serializer().serialize("orders", order);
        Order read = orders.deserializer().deserialize("orders", bytes);

        // then nothing is lost
        assertThat(read).isEqualTo(order);
        assertThat(read.getCreatedAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00.123Z"));
        assertThat(registry.latest("orders-value").schema()).isEqualTo(Order.getClassSchema());
    }

    @Test
    void shouldRoundTripGenericRecord() {
        // given a generic record
        AvroSerde<GenericRecord> serde = AvroSerdes.generic(registry, false);
        GenericRecord record = partnerOrder("p-1", "MOBILE");

        // when it is written and read back
        GenericRecord read = serde.deserializer().deserialize("orders", serde.serializer().serialize("orders", record));

        // then it equals the original, with the writer's schema
        assertThat(read).isEqualTo(record);
        assertThat(read.getSchema()).isEqualTo(PARTNER_ORDER);
    }

    @Test
    void shouldReadRecordWrittenWithSubsetSchemaAsCurrentOrderWithDefaults() {
        // given our current schema is registered, then a partner produces with a subset of it
        orders.serializer().serialize("orders", order("o-0"));
        AvroSerde<GenericRecord> partner = AvroSerdes.generic(registry, false);
        byte[] bytes = partner.serializer().serialize("orders", partnerOrder("p-2", "WHOLESALE"));

        // when we read it as the current Order
        Order read = orders.deserializer().deserialize("orders", bytes);

        // then the partner's fields are there and the others hold their defaults
        assertThat(read.getOrderId()).isEqualTo("p-2");
        assertThat(read.getCustomerId()).isEqualTo("c-9");
        assertThat(read.getChannel()).isEqualTo(Channel.WHOLESALE);
        assertThat(read.getLines()).containsExactly(new OrderLine("HAB-100", 3, 0L));
        assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getCurrency()).isEqualTo("USD");
        assertThat(read.getPaymentToken()).isNull();
        assertThat(read.getShippingAddress()).isNull();
        assertThat(registry.latest("orders-value").version()).isEqualTo(2);
    }

    @Test
    void shouldReadUnknownEnumSymbolAsDefault() {
        // given a writer whose Channel knows a symbol we do not
        Schema newer = new Schema.Parser().parse(PARTNER_ORDER.toString().replace("\"POS\"", "\"POS\",\"MARKETPLACE\""));
        GenericRecord record = new GenericRecordBuilder(newer)
                .set("orderId", "p-3").set("customerId", "c-1")
                .set("channel", new GenericData.EnumSymbol(newer.getField("channel").schema(), "MARKETPLACE"))
                .set("lines", List.of()).set("createdAt", 1L).build();
        byte[] bytes = AvroSerdes.generic(registry, false).serializer().serialize("orders", record);

        // when we read it
        Order read = orders.deserializer().deserialize("orders", bytes);

        // then the channel falls back to the enum's default
        assertThat(read.getChannel()).isEqualTo(Channel.UNKNOWN);
    }

    @Test
    void shouldMapNullToNullBothWays() {
        // given / when / then: tombstones pass through
        assertThat(orders.serializer().serialize("orders", null)).isNull();
        assertThat(orders.deserializer().deserialize("orders", null)).isNull();
    }

    @Test
    void shouldRejectBadMagicByte() {
        // given a record whose first byte is not 0
        byte[] bytes = orders.serializer().serialize("orders", order("o-2"));
        bytes[0] = 1;

        // when / then
        assertThatThrownBy(() -> orders.deserializer().deserialize("orders", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0x01");
    }

    @Test
    void shouldRejectUnknownSchemaId() {
        // given a header naming an id the registry never gave
        byte[] bytes = {0, 0, 0, 0, 99, 2, 'x'};

        // when / then
        assertThatThrownBy(() -> orders.deserializer().deserialize("orders", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id 99");
    }

    @Test
    void shouldRejectTooShortRecord() {
        assertThatThrownBy(() -> orders.deserializer().deserialize("orders", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void shouldRejectTruncatedAndPaddedData() {
        // given a valid record, cut short and padded
        byte[] bytes = orders.serializer().serialize("orders", order("o-3"));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 4);
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 3);

        // when / then
        assertThatThrownBy(() -> orders.deserializer().deserialize("orders", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id");
        assertThatThrownBy(() -> orders.deserializer().deserialize("orders", padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("left over");
    }

    @Test
    void shouldRejectRecordMissingRequiredField() {
        // given an order without a customer
        Order order = order("o-4");
        order.setCustomerId(null);

        // when / then
        assertThatThrownBy(() -> orders.serializer().serialize("orders", order))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("com.scoville.avro.Order");
    }

    @Test
    void shouldFindGeneratedClassByWriterNameWhenSpecificReaderIsSet() {
        // given a generic deserializer configured with Confluent's specific.avro.reader
        AvroSerializer<Order> serializer = new AvroSerializer<>(registry, false);
        AvroDeserializer<Order> deserializer = AvroDeserializer.specific(registry, Order.class);
        AvroDeserializer<GenericRecord> byName = AvroDeserializer.generic(registry);
        byName.configure(Map.of("specific.avro.reader", "true"), false);
        byte[] bytes = serializer.serialize("orders", order("o-5"));

        // when it reads
        Object read = byName.deserialize("orders", bytes);

        // then it found the generated class by the writer's full name
        assertThat(read).isInstanceOf(Order.class).isEqualTo(deserializer.deserialize("orders", bytes));
    }

    private static Order order(String id) {
        return Order.newBuilder()
                .setOrderId(id)
                .setCustomerId("c-1")
                .setChannel(Channel.WEB)
                .setLines(List.of(new OrderLine("HAB-100", 2, 899L), new OrderLine("GHO-050", 1, 1299L)))
                .setCreatedAt(Instant.parse("2024-05-01T12:00:00.123Z"))
                .setPaymentToken("tok_visa")
                .setShippingAddress(Address.newBuilder().setName("Ana").setCity("Austin").setCountry("US").build())
                .build();
    }

    private static GenericRecord partnerOrder(String id, String channel) {
        Schema line = PARTNER_ORDER.getField("lines").schema().getElementType();
        return new GenericRecordBuilder(PARTNER_ORDER)
                .set("orderId", id)
                .set("customerId", "c-9")
                .set("channel", new GenericData.EnumSymbol(PARTNER_ORDER.getField("channel").schema(), channel))
                .set("lines", List.of(new GenericRecordBuilder(line).set("sku", "HAB-100").set("quantity", 3).build()))
                .set("createdAt", 1_700_000_000_000L)
                .build();
    }
}
