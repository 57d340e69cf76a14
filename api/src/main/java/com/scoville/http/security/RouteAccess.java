package com.scoville.http.security;

import io.javalin.http.HandlerType;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.scoville.http.security.Role.ADMIN;
import static com.scoville.http.security.Role.ANALYST;
import static com.scoville.http.security.Role.CHANNEL;
import static com.scoville.http.security.Role.CUSTOMER;
import static com.scoville.http.security.Role.PEER;

/**
 * Which roles may call each route, by method and route template: the first of two checks (the second, what a role
 * may do to which order, is each domain's, e.g. {@code OrderAccess}). Every {@code /v1} route needs a token but the
 * storefront's public reads and the GraphiQL page; a {@code /v1} route missing here is for admins only, so a new route is closed until
 * someone opens it. Outside {@code /v1}: health, metrics, the documents, the dashboard page and the development
 * issuer are public, {@code /internal} is for peers (and admins).
 */
public final class RouteAccess {
    /** Who may call a route: anyone, or a principal with one of {@code roles}. */
    public record Access(boolean isPublic, Set<Role> roles) {
        static Access open() {
            return new Access(true, Set.of());
        }

        static Access of(Role first, Role... more) {
            return new Access(false, Set.copyOf(EnumSet.of(first, more)));
        }

        public boolean allows(Principal principal) {
            return isPublic || principal != null && principal.roles().stream().anyMatch(roles::contains);
        }
    }

    private static final Access ADMIN_ONLY = Access.of(ADMIN);
    private static final Map<String, Access> V1 = Map.ofEntries(
            Map.entry("GET /v1/products", Access.open()),
            Map.entry("GET /v1/products/{sku}", Access.open()),
            Map.entry("GET /v1/inventory/{sku}", Access.open()),
            Map.entry("PUT /v1/products/{sku}", ADMIN_ONLY),
            Map.entry("POST /v1/orders", Access.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("GET /v1/orders", Access.of(CUSTOMER, CHANNEL, ADMIN, ANALYST, PEER)),
            Map.entry("GET /v1/orders/{orderId}", Access.of(CUSTOMER, CHANNEL, ADMIN, ANALYST, PEER)),
            Map.entry("PUT /v1/orders/{orderId}", Access.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("POST /v1/inventory/reserve", Access.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("GET /v1/inventory/reservations/{reservationId}", Access.of(CUSTOMER, CHANNEL, ADMIN, PEER)),
            Map.entry("DELETE /v1/inventory/reservations/{reservationId}", Access.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("POST /v1/inventory/{sku}/restock", ADMIN_ONLY),
            Map.entry("POST /v1/inventory/{sku}/subscriptions", Access.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("POST /v1/feedback", Access.of(CUSTOMER, ADMIN)),
            Map.entry("GET /v1/analytics/sales", Access.of(ANALYST, ADMIN)),
            Map.entry("POST /v1/analytics/sales", Access.of(ANALYST, ADMIN)),
            // GraphiQL's page and files hold no data; the questions it sends carry the user's token
            Map.entry("GET /v1/analytics/graphiql", Access.open()),
            Map.entry("GET /v1/analytics/graphiql/assets/{asset}", Access.open()),
            Map.entry("GET /v1/audit", ADMIN_ONLY),
            Map.entry("POST /v1/webhooks", Access.of(CHANNEL, ADMIN)),
            Map.entry("GET /v1/webhooks", Access.of(CHANNEL, ADMIN)),
            Map.entry("DELETE /v1/webhooks/{webhookId}", Access.of(CHANNEL, ADMIN)),
            Map.entry("GET /v1/webhooks/{webhookId}/deliveries", Access.of(CHANNEL, ADMIN)));

    private RouteAccess() { }

    public static Access of(HandlerType method, String route) {
        if (route.startsWith("/v1/") || route.equals("/v1")) {
            return V1.getOrDefault(method.name() + " " + route, ADMIN_ONLY);
        }
        if (route.startsWith("/internal/")) {
            return Access.of(PEER, ADMIN);
        }
        return Access.open();
    }
}
