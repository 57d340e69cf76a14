package com.scoville.http.catalog;

import com.scoville.Violation;
import com.scoville.avro.Product;
import com.scoville.http.ApiException;
import com.scoville.http.Idempotency;
import com.scoville.http.Page;
import com.scoville.http.inventory.InventoryService;
import com.scoville.http.kafka.CommandOutcomes;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.kafka.ServiceContext;
import com.scoville.kafka.Topics;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The catalog as the HTTP layer sees it: filtered, sorted and paged views with live availability; admin writes. */
public final class ProductService {
    private static final Map<String, Comparator<Product>> SORTS = Map.of(
            "sku", Comparator.comparing(Product::getSku),
            "name", Comparator.comparing(Product::getName),
            "price", Comparator.comparingLong(Product::getPriceCents),
            "heatLevel", Comparator.comparingInt(Product::getHeatLevel),
            "sizeMl", Comparator.comparingInt(Product::getSizeMl));

    private final CatalogReader catalog;
    private final InventoryService inventory;
    private final Topics topics;
    private final KafkaWriter writer;
    private final CommandOutcomes outcomes;
    private final Clock clock;

    /** {@code catalog}: the context's catalog, which also lists every product. */
    public ProductService(ServiceContext context, CatalogReader catalog, InventoryService inventory) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.topics = context.topics();
        this.writer = context.writer();
        this.outcomes = context.outcomes();
        this.clock = context.clock();
    }

    /** The filters and order of a product listing. */
    public record Query(Integer heatLevel, String type, String sort, int limit, String cursor) { }

    public Page<ProductView> list(Query query) {
        String sortKey = query.sort() == null ? "sku" : query.sort();
        boolean descending = sortKey.startsWith("-");
        Comparator<Product> order = SORTS.get(descending ? sortKey.substring(1) : sortKey);
        if (order == null) {
            throw ApiException.badRequest("sort must be one of " + SORTS.keySet() + ", optionally prefixed with '-'",
                    List.of(new Violation("sort", "unknown sort key " + sortKey)));
        }
        order = (descending ? order.reversed() : order).thenComparing(Product::getSku);
        List<Product> all = catalog.all();
        List<Product> matching = all.stream()
                .filter(p -> query.heatLevel() == null || p.getHeatLevel() == query.heatLevel())
                .filter(p -> query.type() == null || p.getType().name().equalsIgnoreCase(query.type()))
                .sorted(order)
                .toList();
        return Page.of(matching, query.limit(), query.cursor()).map(p -> view(p, all));
    }

    public ProductView get(String sku) {
        Product product = catalog.find(sku).orElseThrow(() -> ApiException.notFound("No product " + sku));
        return view(product, catalog.all());
    }

    /**
     * Creates or changes a product, once per key: the product writer applies the change's command id once
     * and stamps the version with the time it did, which the answer (also to a retry) shows.
     */
    public CompletableFuture<ProductView> put(String sku, Idempotency.Write<ProductRequest> write) {
        List<Violation> violations = write.body().violations(sku, catalog);
        if (!violations.isEmpty()) {
            throw ApiException.unprocessable("The product is not valid", violations);
        }
        String commandId = write.commandId("product " + sku);
        Product product = write.body().toProduct(sku, clock.instant());
        product.setCommandId(commandId);
        product.setRequestHash(write.requestHash());
        product.setActor(write.actor());
        return outcomes.submit(commandId, write.requestHash(), "change of product " + sku,
                        () -> writer.send(topics.productCommands, sku, product))
                .thenApply(outcome -> {
                    product.setUpdatedAt(outcome.getAt());
                    return ProductView.of(product, List.of(), null);
                });
    }

    private ProductView view(Product p, List<Product> all) {
        List<ProductView.Variant> variants = p.getFamily() == null ? List.of() : all.stream()
                .filter(o -> p.getFamily().equals(o.getFamily()) && !o.getSku().equals(p.getSku()))
                .map(o -> new ProductView.Variant(o.getSku(), o.getHeatLevel(), o.getSizeMl()))
                .toList();
        return ProductView.of(p, variants, inventory.stock(p.getSku(), false).available());
    }
}
