package com.scoville.http.orders;

import com.scoville.audit.ActorSeal;
import org.apache.kafka.common.header.Header;
import com.scoville.orders.OrderLifecycle;
import com.scoville.orders.OrderProcessor;
import com.scoville.orders.OrderRoute;
import com.scoville.orders.OrderValidator;
import com.scoville.http.ApiException;
import com.scoville.http.Idempotency;
import com.scoville.avro.Actor;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.http.kafka.DecisionBacklog;
import com.scoville.http.kafka.ServiceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Orders as the HTTP layer sees them: accept (write to 'orders' and answer once acknowledged), read from
 * the owner's store, wait for a change, and ask for a move. Every rule of what an order may do lives in
 * the topology and {@link OrderLifecycle}; this class only asks and reports.
 */
public final class OrderService {
    private static final Logger log = LoggerFactory.getLogger(OrderService.class);
    private static final Map<OrderStatus, OrderCommandType> COMMAND_FOR = Map.of(
            OrderStatus.PAID, OrderCommandType.PAY,
            OrderStatus.SHIPPED, OrderCommandType.SHIP,
            OrderStatus.DELIVERED, OrderCommandType.DELIVER,
            OrderStatus.CANCELLED, OrderCommandType.CANCEL);
    /**
     * How long a request without Prefer: wait waits for the decision, to know that its own body was taken (a
     * decision takes one or two hops, well under a second); past it, it answers 202 without knowing.
     */
    private static final Duration BODY_CHECK = Duration.ofSeconds(3);
    /** A stalled partition moves to another instance within seconds. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final ServiceContext context;
    private final DecisionBacklog backlog;
    private final OrderValidator validator;
    private final BodyClaims claims = new BodyClaims();
    /** Seals the verified caller on each order written: the topology drops an actor without it (partners write orders too). */
    private final ActorSeal actorSeal;

    public OrderService(ServiceContext context, DecisionBacklog backlog, ActorSeal actorSeal) {
        this.context = context;
        this.actorSeal = actorSeal;
        this.backlog = backlog;
        this.validator = new OrderValidator(context.catalog(), context.maxOrderLines(), context.maxLineQuantity());
    }

    /** The answer to a placed order: the order, and whether it was already known (a replay). */
    public record Placed(OrderView order, boolean replay) { }

    /**
     * Accepts an order. The id comes from the caller and its idempotency key, so a retry (or a racing twin)
     * finds the same order; the same key with another body is refused. With {@code wait} > 0, waits for
     * the reservation outcome.
     */
    public CompletableFuture<Placed> place(String caller, String idempotencyKey, OrderRequest request,
                                           String requestHash, Duration wait, Actor actor) {
        String orderId = OrderIds.fromIdempotencyKey(caller, idempotencyKey);
        Order order = request.toOrder(orderId, requestHash, context.clock().instant());
        order.setActor(actor);
        OrderValidator.Result validation = validator.validate(order);
        if (!validation.valid()) {
            throw ApiException.unprocessable("The order cannot be accepted: " + validation.code(), validation.violations());
        }
        // Registered before looking, so that a racing twin's decision cannot slip by between the two. Without
        // Prefer: wait the request still learns whose body the decision took (a twin with another body, sent at the
        // same moment, may win): it answers 202 for its own body only, and 422 otherwise.
        CompletableFuture<OrderState> decided = context.statusFeed().await(orderId, s -> s.getStatus() != OrderStatus.PENDING,
                wait.isZero() ? BODY_CHECK : wait);
        Optional<OrderView> existing;
        try {
            existing = lookUpForReplay(orderId).map(known -> replay(known, orderId, requestHash));
        } catch (RuntimeException e) {
            cancel(decided);
            throw e;
        }
        if (existing.isPresent()) {
            if (wait.isZero() || existing.get().isDecided()) {
                cancel(decided);
                return CompletableFuture.completedFuture(new Placed(existing.get(), true));
            }
            // a retry that asks to wait, waits like the first request
            return decided.thenApply(state -> new Placed(state == null ? existing.get() : replay(OrderView.of(state), orderId, requestHash), true));
        }
        if (!claims.claim(orderId, requestHash)) {
            cancel(decided);
            throw Idempotency.reused("order " + orderId);
        }
        OrderView accepted = OrderView.accepted(order, context.catalog());
        return write(order)
                .whenComplete((ack, error) -> {
                    if (error == null) {
                        claims.written(orderId, requestHash);
                    } else {
                        claims.failed(orderId, requestHash);
                    }
                })
                .thenCompose(ack -> decided)
                .thenApply(state -> {
                    OrderView decision = state == null ? accepted : replay(OrderView.of(state), orderId, requestHash);
                    return new Placed(wait.isZero() ? accepted : decision, false);
                })
                .whenComplete((placed, error) -> {
                    if (error != null) {
                        cancel(decided);
                    }
                });
    }

    /**
     * The order already under this id, if any: a retry is answered from it. When its owner cannot answer (dead,
     * or its partition moving), the order is written anyway: the topology makes the same order id one order,
     * and the decision tells whose body it took. A survivor never refuses an order for a dead instance.
     */
    private Optional<OrderView> lookUpForReplay(String orderId) {
        try {
            return find(orderId, false);
        } catch (ApiException e) {
            if (e.kind() != ApiException.Kind.UNAVAILABLE) {
                throw e;
            }
            log.info("The owner of order {} cannot answer ({}): written without looking", orderId, e.getMessage());
            return context.statusFeed().latest(orderId).filter(s -> s.getKind() == OrderKind.ORDER).map(OrderView::of);
        }
    }

    /**
     * An order goes to each partition of 'orders' where some of its stock lives, and is decided there (one hop
     * when all of its stock is in one partition, two otherwise); an order taking over a hold goes to the saga
     * ('order-requests', by order id).
     */
    private CompletableFuture<?> write(Order order) {
        List<Header> sealed = sealed(order);
        return OrderRoute.needs(order.getLines(), order.getReservationId(), context.catalog())
                .<CompletableFuture<?>>map(needs -> context.writer().sendWhereStockLives(context.topics().orders, needs.keySet(),
                        order.getOrderId(), order, sealed))
                .orElseGet(() -> context.writer().send(context.topics().orderRequests, order.getOrderId(), order, sealed));
    }

    /** The headers of an order this layer writes: the seal of its actor, which only the instances can make. */
    List<Header> sealed(Order order) {
        return actorSeal.headers(order.getOrderId(), order.getActor());
    }

    private static void cancel(CompletableFuture<?> waiting) {
        if (waiting != null) {
            waiting.cancel(false);
        }
    }

    /** The order as the answer to this request: 422 when another body holds its key (a replay, or a racing twin). */
    private static OrderView replay(OrderView existing, String orderId, String requestHash) {
        if (!Idempotency.sameRequest(existing.requestHash(), requestHash)) {
            throw Idempotency.reused("order " + orderId);
        }
        return existing;
    }

    /**
     * The order now: from the instance that owns it, or from 'order-status' when that carries on from it (a decision
     * made in one hop is on the topic a moment before the order processor has taken it into its store; a second
     * decision under the same id, from a racing body, does not carry on from the first and is not the order).
     */
    public Optional<OrderView> find(String orderId, boolean forwarded) {
        Optional<OrderView> stored = context.queries().<OrderState, OrderView>read(OrderProcessor.ORDERS_STORE, orderId, forwarded,
                // holds share the store, not the resource
                state -> Optional.of(state).filter(s -> s.getKind() == OrderKind.ORDER).map(OrderView::of),
                context.remote(), "/v1/orders/" + orderId, OrderView.class);
        Optional<OrderView> seen = context.statusFeed().latest(orderId).filter(s -> s.getKind() == OrderKind.ORDER).map(OrderView::of);
        if (seen.isEmpty() || (stored.isPresent() && !seen.get().carriesOn(stored.get()))) {
            return stored;
        }
        return seen;
    }

    /**
     * Long-polls: the order as soon as its status differs from {@code afterStatus} (or, with none, now),
     * or as it is when {@code wait} runs out.
     */
    public CompletableFuture<Optional<OrderView>> findAfter(String orderId, String afterStatus, Duration wait, boolean forwarded) {
        if (wait.isZero()) {
            return CompletableFuture.completedFuture(known(find(orderId, forwarded), orderId));
        }
        // An order not there yet (just accepted) is waited for too.
        CompletableFuture<OrderState> next = context.statusFeed().await(orderId, s -> s.getKind() == OrderKind.ORDER
                && (afterStatus == null || !s.getStatus().name().equals(afterStatus)), wait);
        Optional<OrderView> now = find(orderId, forwarded);
        if (now.isPresent() && (afterStatus == null || !now.get().status().equals(afterStatus))) {
            next.cancel(false);
            return CompletableFuture.completedFuture(now);
        }
        return next.thenApply(state -> state != null ? Optional.of(OrderView.of(state)) : find(orderId, forwarded))
                .thenApply(found -> known(found, orderId));
    }

    /**
     * An order not found is unknown only while the reservation path keeps up: while a partition of it is stalled
     * (its owner dead or restoring) or far behind (overloaded), an acknowledged order may still be nowhere but in
     * the topic. Then: 503, later.
     */
    private Optional<OrderView> known(Optional<OrderView> found, String orderId) {
        if (found.isEmpty() && backlog.mayHideOrders()) {
            throw ApiException.unavailable("Order " + orderId + " is not known here yet: orders are waiting while their partition moves to"
                    + " another instance", RETRY_AFTER);
        }
        return found;
    }

    /** The answer to a move: the order as it is now, and what became of the move's command. */
    public record Moved(OrderView order, CommandOutcome outcome) { }

    /**
     * Asks for a move, once per key, and answers once the topology has handled it: 200 with the order when the
     * move was made (now or by the first request under this key) or the order is already there; 409 when its
     * state did not allow it. The topology, not a look at the order here, judges: a retry of a move that was
     * made is answered 200 even after the order has moved on. {@code mayMove} is the caller's rule (it throws when
     * the caller may not move this order there).
     */
    public CompletableFuture<Moved> move(String orderId, OrderStatus target, Idempotency.Write<?> write,
                                         java.util.function.Consumer<OrderView> mayMove) {
        mayMove.accept(find(orderId, false).orElseThrow(() -> ApiException.notFound("No order " + orderId)));
        String commandId = write.commandId("move " + orderId);
        OrderCommand command = OrderCommand.newBuilder().setOrderId(orderId).setType(COMMAND_FOR.get(target))
                .setAt(Instant.now(context.clock())).setCommandId(commandId).setRequestHash(write.requestHash())
                .setActor(write.actor()).build();
        return context.outcomes().submit(commandId, write.requestHash(), "move of order " + orderId,
                        () -> context.writer().send(context.topics().orderCommands, orderId, command))
                .thenApply(outcome -> {
                    OrderView now = find(orderId, false).orElseThrow();
                    if (outcome.getApplied() || now.status().equals(target.name())) {
                        return new Moved(now, outcome);
                    }
                    throw new CompletionException(ApiException.conflict(
                            "Order " + orderId + " is " + now.status() + " and cannot become " + target));
                });
    }
}
