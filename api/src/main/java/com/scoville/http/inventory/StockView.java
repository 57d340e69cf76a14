package com.scoville.http.inventory;

/** One SKU's stock as the API shows it; for a bundle, what its components allow. */
public record StockView(String sku, int onHand, int reserved, int available) {

    public static StockView empty(String sku) {
        return new StockView(sku, 0, 0, 0);
    }
}
