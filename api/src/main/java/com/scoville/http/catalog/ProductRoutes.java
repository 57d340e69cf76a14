package com.scoville.http.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.CardData;
import com.scoville.http.HttpRequests;
import com.scoville.http.Idempotency;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** HTTP for the catalog: parse, call {@link ProductService}, map the answer. */
public final class ProductRoutes {
    private static final int MAX_PARAM_LENGTH = 32;
    private final ProductService products;
    private final ObjectMapper json;

    public ProductRoutes(ProductService products, ObjectMapper json) {
        this.products = products;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/products", this::list);
        routes.get("/v1/products/{sku}", ctx -> ctx.json(products.get(HttpRequests.skuParam(ctx))));
        routes.put("/v1/products/{sku}", this::put);
    }

    private void list(Context ctx) {
        ProductService.Query query = new ProductService.Query(
                HttpRequests.intParam(ctx, "heatLevel", null, 0, 10),
                HttpRequests.textParam(ctx, "type", MAX_PARAM_LENGTH),
                HttpRequests.textParam(ctx, "sort", MAX_PARAM_LENGTH),
                HttpRequests.intParam(ctx, "limit", 50, 1, 200),
                HttpRequests.textParam(ctx, "cursor", HttpRequests.MAX_CURSOR_LENGTH));
        ctx.json(products.list(query));
    }

    private void put(Context ctx) {
        // the SKU becomes the product's key, kept for ever: a card number is refused there as in the body
        CardData.refuseText(ctx.pathParam("sku"), "sku");
        Idempotency.Write<ProductRequest> write = Idempotency.write(ctx, json, ProductRequest.class);
        var saving = products.put(ctx.pathParam("sku"), write);
        ctx.future(() -> saving.thenAccept(ctx::json));
    }
}
