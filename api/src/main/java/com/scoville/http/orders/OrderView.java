package com.scoville.http.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.scoville.avro.OrderState;
import com.scoville.avro.RejectReason;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.Pricing;
import com.scoville.http.kafka.StatusFeed;

import java.time.Instant;
import java.util.List;

/** An order as the API shows it (contract: GET /v1/orders/{orderId}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String orderId, String customerId, String channel, String status, List<Line> lines,
                        long totalCents, String currency, Instant createdAt, Instant updatedAt, List<Change> history,
                        String rejectReason, List<String> rejectedSkus, String rejectMessage,
                        String reservationId, Instant expiresAt, Instant paidAt, OrderRequest.AddressBody shippingAddress,
                        String requestHash) {

    public record Line(String sku, int quantity, long unitPriceCents) { }

    /**
     * Whether this is {@code earlier} moved on: the same body (a racing body decided in the same millisecond has an
     * equal history) and {@code earlier}'s history followed by nothing or more changes.
     */
    public boolean carriesOn(OrderView earlier) {
        return lines.equals(earlier.lines) && java.util.Objects.equals(requestHash, earlier.requestHash)
                && StatusFeed.historyExtends(history, earlier.history);
    }

    public record Change(String status, Instant at) { }

    public static OrderView of(OrderState s) {
        RejectReason reason = s.getRejectReason();
        return new OrderView(s.getOrderId(), s.getCustomerId(), s.getChannel().name(), s.getStatus().name(),
                s.getLines().stream().map(l -> new Line(l.getSku(), l.getQuantity(), l.getUnitPriceCents())).toList(),
                s.getTotalCents(), s.getCurrency(), s.getCreatedAt(), s.getUpdatedAt(),
                s.getHistory().stream().map(h -> new Change(h.getStatus().name(), h.getAt())).toList(),
                reason == null ? null : reason.getCode().name(),
                reason == null ? null : reason.getSkus(),
                reason == null ? null : reason.getMessage(),
                s.getReservationId(), s.getExpiresAt(), s.getPaidAt(), OrderRequest.AddressBody.of(s.getShippingAddress()),
                s.getRequestHash());
    }

    /** The view of an order accepted but not yet processed (answered with 202), priced like intake prices it. */
    public static OrderView accepted(com.scoville.avro.Order o, Catalog catalog) {
        List<Line> lines = o.getLines().stream().map(l -> new Line(l.getSku(), l.getQuantity(),
                catalog.find(l.getSku()).map(p -> Pricing.unitPriceCents(p, o.getChannel())).orElse(0L))).toList();
        long total = lines.stream().mapToLong(l -> l.unitPriceCents() * l.quantity()).sum();
        return new OrderView(o.getOrderId(), o.getCustomerId(), o.getChannel().name(), "PENDING", lines,
                total, o.getCurrency(), o.getCreatedAt(), o.getCreatedAt(),
                List.of(new Change("PENDING", o.getCreatedAt())), null, null, null,
                o.getReservationId(), null, null, OrderRequest.AddressBody.of(o.getShippingAddress()),
                o.getRequestHash());
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDecided() {
        return !"PENDING".equals(status);
    }
}
