package com.scoville.http.inventory;

import com.scoville.Bounds;
import com.scoville.avro.BundleComponent;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockLevel;
import com.scoville.http.ApiException;
import com.scoville.http.Idempotency;
import com.scoville.http.orders.OrderRequest;
import com.scoville.inventory.StockProcessor;
import com.scoville.orders.OrderProcessor;
import java.util.Optional;
import com.scoville.Violation;
import com.scoville.http.kafka.ServiceContext;
import com.scoville.orders.OrderValidator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Stock as the HTTP layer sees it: levels read from the SKU's owner, holds placed and released through the
 * order topology (which reserves all-or-nothing), restocks and back-in-stock subscriptions.
 */
public final class InventoryService {
    public static final int MAX_HOLD_TTL_SECONDS = 24 * 3600;
    private static final Duration HOLD_WAIT = Duration.ofSeconds(10);

    private final ServiceContext context;

    public InventoryService(ServiceContext context) {
        this.context = context;
    }

    /** A hold that was granted. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public record HoldView(String reservationId, String status, Instant expiresAt, List<OrderRequest.Line> lines,
                           List<ShortageView> shortages, String requestHash) {
        static HoldView of(OrderState hold) {
            List<ShortageView> shortages = hold.getRejectReason() == null ? List.of() : hold.getRejectReason().getShortages().stream()
                    .map(s -> new ShortageView(s.getSku(), s.getRequested(), s.getAvailable())).toList();
            return new HoldView(hold.getOrderId(), hold.getStatus().name(), hold.getExpiresAt(),
                    hold.getLines().stream().map(l -> new OrderRequest.Line(l.getSku(), l.getQuantity())).toList(), shortages,
                    hold.getRequestHash());
        }
    }

    /** What a refused hold lacked. */
    public record ShortageView(String sku, int requested, int available) { }

    /** The body extension of a refused hold. */
    public record Shortages(String reservationId, List<ShortageView> shortages) { }

    /** The stock of a SKU, or of a bundle as its components allow; 404 for a SKU the context.catalog() does not know. */
    public StockView stock(String sku, boolean forwarded) {
        Product product = context.catalog().find(sku).orElseThrow(() -> ApiException.notFound("No product " + sku));
        if (product.getType() != ProductType.BUNDLE) {
            return level(sku, forwarded);
        }
        int onHand = Integer.MAX_VALUE;
        int available = Integer.MAX_VALUE;
        for (BundleComponent c : product.getComponents()) {
            StockView component = level(c.getSku(), false);
            int per = Math.max(1, c.getQuantity()); // a component of 0 units (written around the API) must not divide by zero
            onHand = Math.min(onHand, component.onHand() / per);
            available = Math.min(available, component.available() / per);
        }
        if (product.getComponents().isEmpty()) {
            onHand = available = 0;
        }
        return new StockView(sku, onHand, onHand - available, available);
    }

    private StockView level(String sku, boolean forwarded) {
        return context.queries().<StockLevel, StockView>read(StockProcessor.LEVELS_STORE, sku, forwarded,
                        l -> Optional.of(new StockView(sku, l.getOnHand(), l.getReserved(), l.getOnHand() - l.getReserved())),
                        context.remote(), "/v1/inventory/" + sku, StockView.class)
                .orElse(StockView.empty(sku));
    }

    /** SKUs in this instance's active stock partitions that break {@code 0 <= reserved <= onHand} (expected: 0). */
    public long localAnomalies() {
        var request = org.apache.kafka.streams.query.StateQueryRequest.inStore(StockProcessor.LEVELS_STORE)
                .withQuery(org.apache.kafka.streams.query.RangeQuery.<String, StockLevel>withNoBounds()).requireActive();
        long broken = 0;
        for (var part : context.queries().streams().query(request).getPartitionResults().values()) {
            if (part.isSuccess()) {
                try (var it = part.getResult()) {
                    while (it.hasNext()) {
                        StockLevel l = it.next().value;
                        if (l.getReserved() < 0 || l.getReserved() > l.getOnHand()) {
                            broken++;
                        }
                    }
                }
            }
        }
        return broken;
    }

    /**
     * Holds every line or none, for {@code ttlSeconds}; the answer comes once the SKUs have all answered. The
     * hold's id comes from the caller and its key, and the hold keeps its request's fingerprint: a retry gets
     * the same hold, another body under the key 422, also when the two race.
     */
    public CompletableFuture<HoldView> hold(List<OrderLine> lines, int ttlSeconds, Idempotency.Write<?> write) {
        List<Violation> violations = new ArrayList<>(validateLines(lines));
        if (ttlSeconds < 1 || ttlSeconds > MAX_HOLD_TTL_SECONDS) {
            violations.add(new Violation("ttlSeconds", "must be 1 to " + MAX_HOLD_TTL_SECONDS));
        }
        if (!violations.isEmpty()) {
            throw ApiException.unprocessable("The hold cannot be placed", violations);
        }
        String holdId = com.scoville.http.orders.OrderIds.holdId(write.caller(), write.key());
        String what = "hold " + holdId;
        // registered before looking, so that a decision cannot slip by between the two
        CompletableFuture<OrderState> decided = context.statusFeed().await(holdId, s -> s.getStatus() != OrderStatus.PENDING, HOLD_WAIT);
        try {
            Optional<HoldView> existing = findHold(holdId, false);
            if (existing.isPresent() && !Idempotency.sameRequest(existing.get().requestHash(), write.requestHash())) {
                throw Idempotency.reused(what);
            }
            if (existing.isPresent() && !existing.get().status().equals(OrderStatus.PENDING.name())) {
                decided.cancel(false);
                return CompletableFuture.completedFuture(answer(existing.get())); // a replay: the same answer
            }
        } catch (RuntimeException e) {
            decided.cancel(false);
            throw e;
        }
        OrderCommand command = OrderCommand.newBuilder().setOrderId(holdId).setType(OrderCommandType.PLACE_HOLD)
                .setLines(lines).setTtlSeconds(ttlSeconds).setAt(context.clock().instant()).setRequestHash(write.requestHash())
                .setActor(write.actor()).build();
        return context.writer().send(context.topics().orderCommands, holdId, command)
                .whenComplete((ack, error) -> {
                    if (error != null) {
                        decided.cancel(false);
                    }
                })
                .thenCompose(ack -> decided)
                .thenApply(state -> {
                    if (state == null) {
                        throw new CompletionException(Idempotency.inProgress(what));
                    }
                    if (!Idempotency.sameRequest(state.getRequestHash(), write.requestHash())) {
                        throw new CompletionException(Idempotency.reused(what)); // a racing request's body holds the key
                    }
                    return answer(HoldView.of(state));
                });
    }

    /** A decided hold as the answer to its request: the hold, or 409 with what was short. */
    private static HoldView answer(HoldView hold) {
        if (hold.status().equals(OrderStatus.REJECTED.name())) {
            throw new CompletionException(ApiException.conflict("Not enough stock for every line",
                    new Shortages(hold.reservationId(), hold.shortages())));
        }
        return hold;
    }

    /**
     * Releases a hold. The topology gives the stock back if the hold still holds it; a hold already
     * released, expired or taken over by an order is left as it is, so the call is idempotent. Under one
     * key it is also applied once.
     */
    public CompletableFuture<CommandOutcome> release(String holdId, Idempotency.Write<?> write) {
        // The release is a CANCEL of what the id names, and the topology cancels orders too: only a hold is released
        // here (an order is moved by PUT /v1/orders/{id}, under its own rules). An id that names no hold is 404 at
        // once, rather than a command parked for a decision that never comes (409 after the outcome's wait).
        if (findHold(holdId, false).isEmpty()) {
            throw ApiException.notFound("No reservation " + holdId);
        }
        String commandId = write.commandId("release " + holdId);
        OrderCommand cancel = OrderCommand.newBuilder().setOrderId(holdId).setType(OrderCommandType.CANCEL).setAt(context.clock().instant())
                .setCommandId(commandId).setRequestHash(write.requestHash()).setActor(write.actor()).build();
        return context.outcomes().submit(commandId, write.requestHash(), "release of " + holdId,
                () -> context.writer().send(context.topics().orderCommands, holdId, cancel));
    }

    /** A hold as its owner instance holds it. */
    public Optional<HoldView> findHold(String holdId, boolean forwarded) {
        return context.queries().<OrderState, HoldView>read(OrderProcessor.ORDERS_STORE, holdId, forwarded,
                state -> Optional.of(state).filter(s -> s.getKind() == OrderKind.HOLD).map(HoldView::of),
                context.remote(), "/v1/inventory/reservations/" + holdId, HoldView.class);
    }

    /** Adds stock, once per key: the stock processor applies the restock's command id once. */
    public CompletableFuture<CommandOutcome> restock(String sku, int quantity, Idempotency.Write<?> write) {
        requireStocked(sku);
        if (quantity < 1 || quantity > Bounds.MAX_RESTOCK_QUANTITY) {
            throw ApiException.unprocessable("Cannot restock", List.of(new Violation("quantity", "must be 1 to " + Bounds.MAX_RESTOCK_QUANTITY)));
        }
        // the shelf's bound is checked where the level lives (the stock processor refuses a restock past it);
        // here the caller learns of it instead of being told 202
        StockView now = level(sku, false);
        if ((long) now.onHand() + quantity > Bounds.MAX_ON_HAND) {
            throw ApiException.unprocessable("Cannot restock", List.of(new Violation("quantity",
                    "would make more than " + Bounds.MAX_ON_HAND + " units on hand (now " + now.onHand() + ")")));
        }
        String commandId = write.commandId("restock " + sku);
        StockCommand restock = StockCommand.newBuilder().setType(StockCommandType.RESTOCK).setSku(sku).setQuantity(quantity)
                .setAt(context.clock().instant()).setCommandId(commandId).setRequestHash(write.requestHash()).setActor(write.actor()).build();
        return context.outcomes().submit(commandId, write.requestHash(), "restock of " + sku, () -> context.writer().send(context.topics().stockCommands, sku, restock));
    }

    /** Subscribes {@code customerId} to a restock of {@code sku}; {@code channel} (nullable) is the channel it came through, whose webhooks hear of it. */
    public CompletableFuture<CommandOutcome> subscribe(String sku, String customerId, String channel, Idempotency.Write<?> write) {
        requireStocked(sku);
        List<Violation> violations = new ArrayList<>();
        Bounds.requiredText(violations, "customerId", customerId, Bounds.MAX_ID_LENGTH);
        if (!violations.isEmpty()) {
            throw ApiException.unprocessable("Cannot subscribe", violations);
        }
        String commandId = write.commandId("subscribe " + sku);
        StockCommand subscribe = StockCommand.newBuilder().setType(StockCommandType.SUBSCRIBE).setSku(sku).setCustomerId(customerId).setChannel(channel)
                .setAt(context.clock().instant()).setCommandId(commandId).setRequestHash(write.requestHash()).setActor(write.actor()).build();
        return context.outcomes().submit(commandId, write.requestHash(), "subscription to " + sku, () -> context.writer().send(context.topics().stockCommands, sku, subscribe));
    }

    private void requireStocked(String sku) {
        Product product = context.catalog().find(sku).orElseThrow(() -> ApiException.notFound("No product " + sku));
        if (product.getType() == ProductType.BUNDLE) {
            throw ApiException.unprocessable("A bundle has no stock of its own", List.of(new Violation("sku", "restock its components")));
        }
    }

    private List<Violation> validateLines(List<OrderLine> lines) {
        com.scoville.avro.Order probe = com.scoville.avro.Order.newBuilder().setOrderId("hold").setCustomerId("hold")
                .setChannel(com.scoville.avro.Channel.WEB).setLines(lines).setCreatedAt(context.clock().instant()).build();
        return new OrderValidator(context.catalog(), context.maxOrderLines(), context.maxLineQuantity()).validate(probe).violations();
    }
}
