package com.scoville.bench.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POST /v1/orders as Scoville takes it (same body, same Idempotency-Key header), answered 200 with the decided order:
 * {@code {orderId, status: RESERVED|REJECTED}}. Errors are problem+json.
 */
final class TwinRoutes {
    private static final Set<String> CHANNELS = Set.of("WEB", "MOBILE", "WHOLESALE", "POS");
    private static final int MAX_KEY_LENGTH = 255;
    private static final int MAX_QUANTITY = 10_000;
    private static final int MAX_LINES = 100;

    private final OrderDesk desk;
    private final ObjectMapper json;

    TwinRoutes(OrderDesk desk, ObjectMapper json) {
        this.desk = desk;
        this.json = json;
    }

    /** The answer: the order's id and its final status. */
    record Answer(String orderId, String status) { }

    void register(RoutesConfig routes) {
        routes.post("/v1/orders", this::place);
        routes.exception(BadRequest.class, (e, ctx) -> problem(ctx, 400, e.getMessage()));
        routes.exception(OrderDesk.KeyReused.class, (e, ctx) -> problem(ctx, 422, e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> problem(ctx, 500, e.toString()));
    }

    private void place(Context ctx) throws SQLException {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new BadRequest("The header Idempotency-Key is required (at most " + MAX_KEY_LENGTH + " characters)");
        }
        OrderDesk.Request request = parse(ctx.body());
        OrderDesk.Placed placed = desk.place(key, request, fingerprint(request));
        if (placed.replay()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(200).json(new Answer(placed.orderId(), placed.status()));
    }

    private OrderDesk.Request parse(String body) {
        OrderDesk.Request r;
        try {
            r = json.readValue(body, OrderDesk.Request.class);
        } catch (JsonProcessingException e) {
            throw new BadRequest("The body is not an order: " + e.getOriginalMessage());
        }
        if (r == null || r.customerId() == null || r.customerId().isBlank() || r.channel() == null || !CHANNELS.contains(r.channel())) {
            throw new BadRequest("customerId and a channel of " + CHANNELS + " are required");
        }
        List<OrderDesk.Line> lines = r.lines();
        if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new BadRequest("An order has 1 to " + MAX_LINES + " lines");
        }
        for (OrderDesk.Line line : lines) {
            if (line == null || line.sku() == null || line.sku().isBlank() || line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                throw new BadRequest("Each line needs a sku and a quantity from 1 to " + MAX_QUANTITY);
            }
        }
        return r;
    }

    /** What makes two bodies the same order: the customer, the channel and the lines, in order. */
    static String fingerprint(OrderDesk.Request r) {
        StringBuilder text = new StringBuilder(r.customerId()).append('\n').append(r.channel());
        r.lines().forEach(l -> text.append('\n').append(l.sku()).append(' ').append(l.quantity()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void problem(Context ctx, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status == 400 ? "Bad Request" : status == 422 ? "Unprocessable Content" : "Internal Server Error");
        body.put("status", status);
        body.put("detail", detail);
        ctx.status(status).json(body).contentType("application/problem+json");
    }

    /** A request the twin cannot take as it is. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
