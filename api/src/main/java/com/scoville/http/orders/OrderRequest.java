package com.scoville.http.orders;

import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;

import java.time.Instant;
import java.util.List;

/** The body of POST /v1/orders, as the client sends it. Prices are never read from it. */
public record OrderRequest(String customerId, String channel, List<Line> lines, String paymentToken,
                           AddressBody shippingAddress, String reservationId) {

    public record Line(String sku, Integer quantity) {
        /** The line as the topology reads it; a missing line, SKU or quantity is empty or 0, which validation refuses. */
        public static OrderLine toAvro(Line line) {
            return OrderLine.newBuilder().setSku(line == null || line.sku() == null ? "" : line.sku())
                    .setQuantity(line == null || line.quantity() == null ? 0 : line.quantity()).build();
        }
    }

    public record AddressBody(String name, String line1, String line2, String city, String region,
                              String postalCode, String country) {
        static AddressBody of(Address a) {
            return a == null ? null : new AddressBody(a.getName(), a.getLine1(), a.getLine2(), a.getCity(),
                    a.getRegion(), a.getPostalCode(), a.getCountry());
        }

        Address toAvro() {
            return Address.newBuilder().setName(name).setLine1(line1).setLine2(line2).setCity(city)
                    .setRegion(region).setPostalCode(postalCode).setCountry(country).build();
        }
    }

    /**
     * The order record this request asks for, under the id derived from its idempotency key. What the client left
     * out becomes empty (never null, which the record refuses), so that validation names it.
     */
    public Order toOrder(String orderId, String requestHash, Instant now) {
        List<OrderLine> avroLines = lines == null ? List.of() : lines.stream().map(Line::toAvro).toList();
        return Order.newBuilder()
                .setOrderId(orderId)
                .setCustomerId(customerId == null ? "" : customerId)
                .setChannel(channelOf(channel))
                .setLines(avroLines)
                .setCreatedAt(now)
                .setPaymentToken(paymentToken)
                .setShippingAddress(shippingAddress == null ? null : shippingAddress.toAvro())
                .setReservationId(reservationId)
                .setRequestHash(requestHash)
                .build();
    }

    static Channel channelOf(String name) {
        if (name == null) {
            return Channel.UNKNOWN;
        }
        try {
            return Channel.valueOf(name.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return Channel.UNKNOWN;
        }
    }
}
