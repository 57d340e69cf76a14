package com.scoville.service.it.fuzz;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record for the topic 'orders' that a partner should never send: an Avro {@code Order} valid for its writer
 * schema but poisoned (what the poison is says {@link #what}), or bytes that are no Avro order at all.
 *
 * <p>The record is stamped with a marker when it is produced: the customer id (or, when the customer id is the
 * poison, the order id) starts with it, and garbage carries it as its key; that is how its outcome is found.
 */
public record HostileOrder(String what, Keying keying, Schema writer, String orderId, String customerId, boolean markCustomer,
                           String channel, List<Line> lines, long createdAt, String currency, String paymentToken,
                           String addressLine, String reservationId, byte[] garbage) {

    /** The record's key: its order id (as the contract asks), another string, or none. */
    public enum Keying { ORDER_ID, OTHER, NONE }

    public record Line(String sku, int quantity, long unitPriceCents) { }

    public boolean isAvro() {
        return garbage == null;
    }

    /** The record as produced, its customer or order id starting with {@code marker} and a colon. */
    public ProducerRecord<byte[], byte[]> toRecord(String topic, String marker, Serializer<GenericRecord> avro) {
        if (!isAvro()) {
            byte[] key = keying == Keying.NONE ? null : marker.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(topic, key, garbage);
        }
        String id = orderId.isEmpty() ? "" : marker + orderId;
        String key = switch (keying) {
            case ORDER_ID -> id.isEmpty() ? marker + ":key" : id; // an empty order id: the key stands in for it
            case OTHER -> "other-" + marker;
            case NONE -> null;
        };
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                avro.serialize(topic, order(id, markCustomer ? marker + customerId : customerId)));
    }

    private GenericRecord order(String id, String customer) {
        GenericRecord order = new GenericData.Record(writer);
        order.put("orderId", id);
        order.put("customerId", customer);
        order.put("channel", new GenericData.EnumSymbol(writer.getField("channel").schema(), channel));
        Schema lineSchema = writer.getField("lines").schema().getElementType();
        order.put("lines", lines.stream().map(l -> {
            GenericRecord line = new GenericData.Record(lineSchema);
            line.put("sku", l.sku());
            line.put("quantity", l.quantity());
            if (lineSchema.getField("unitPriceCents") != null) {
                line.put("unitPriceCents", l.unitPriceCents());
            }
            return line;
        }).toList());
        order.put("createdAt", createdAt);
        if (writer.getField("currency") != null) {
            order.put("currency", currency);
            order.put("paymentToken", paymentToken);
            order.put("reservationId", reservationId);
            if (addressLine != null) {
                GenericRecord address = new GenericData.Record(writer.getField("shippingAddress").schema().getTypes().get(1));
                address.put("line1", addressLine);
                order.put("shippingAddress", address);
            }
        }
        return order;
    }

    /** Whether the writer schema can carry the fields only the full Order schema has. */
    public boolean fullSchema() {
        return writer.getField("currency") != null;
    }

    public HostileOrder as(String poison) {
        return new HostileOrder(poison, keying, writer, orderId, customerId, markCustomer, channel, lines, createdAt, currency,
                paymentToken, addressLine, reservationId, garbage);
    }

    public HostileOrder withKeying(Keying k) {
        return new HostileOrder(what, k, writer, orderId, customerId, markCustomer, channel, lines, createdAt, currency,
                paymentToken, addressLine, reservationId, garbage);
    }

    public HostileOrder withIds(String order, String customer, boolean marked) {
        return new HostileOrder(what, keying, writer, order, customer, marked, channel, lines, createdAt, currency,
                paymentToken, addressLine, reservationId, garbage);
    }

    public HostileOrder withChannel(Schema schema, String symbol) {
        return new HostileOrder(what, keying, schema, orderId, customerId, markCustomer, symbol, lines, createdAt, currency,
                paymentToken, addressLine, reservationId, garbage);
    }

    public HostileOrder withLines(List<Line> l) {
        return new HostileOrder(what, keying, writer, orderId, customerId, markCustomer, channel, l, createdAt, currency,
                paymentToken, addressLine, reservationId, garbage);
    }

    /** The fields only the full schema has (it becomes the writer). */
    public HostileOrder withFullFields(Schema full, String cur, String token, String address, String reservation) {
        return new HostileOrder(what, keying, full, orderId, customerId, markCustomer, channel, lines, createdAt, cur,
                token, address, reservation, garbage);
    }

    public static HostileOrder garbage(String what, Keying keying, byte[] bytes) {
        return new HostileOrder(what, keying, null, "", "", false, null, List.of(), 0, null, null, null, null, bytes);
    }

    @Override
    public String toString() {
        if (!isAvro()) {
            return what + " (" + garbage.length + " bytes, key " + keying + ")";
        }
        return what + " {key " + keying + ", schema " + (fullSchema() ? "full" : writer.getField("channel").schema().getEnumSymbols().contains("DRONE") ? "drone" : "partner")
                + ", orderId " + FuzzRequest.cut(orderId, 40) + ", customerId " + FuzzRequest.cut(customerId, 40) + ", channel " + channel
                + ", " + lines.size() + " lines " + FuzzRequest.cut(lines.toString(), 120) + ", createdAt " + createdAt
                + (fullSchema() ? ", currency " + FuzzRequest.cut(String.valueOf(currency), 20) + ", paymentToken " + FuzzRequest.cut(String.valueOf(paymentToken), 30)
                + ", address " + FuzzRequest.cut(String.valueOf(addressLine), 30) + ", reservationId " + FuzzRequest.cut(String.valueOf(reservationId), 30) : "") + "}";
    }
}
