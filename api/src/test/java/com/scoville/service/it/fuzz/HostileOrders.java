package com.scoville.service.it.fuzz;

import com.scoville.avro.Order;
import com.scoville.service.it.fuzz.HostileOrder.Keying;
import com.scoville.service.it.fuzz.HostileOrder.Line;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile orders for the topic 'orders': each is poisoned in one way that must end it REJECTED or dead-lettered
 * (quantities from {@code Integer.MIN_VALUE} to {@code MAX_VALUE}, thousands of lines, unknown or malformed SKUs,
 * card numbers, empty or 600 KB ids, a key that is not the order id, no key, an unknown channel, a currency that is
 * no ISO code, more than any stock, bytes that are no Avro order), and spiced with what is legal but unusual
 * (an older writer schema or one with an enum symbol the service does not know, duplicate lines, bundles, unicode
 * and control characters, far past or future times, client prices, an empty order id standing in for the key).
 */
public final class HostileOrders {
    /** The current Order schema, an older partner's subset of it, and a newer one with a channel the service does not know. */
    public static final org.apache.avro.Schema FULL = Order.getClassSchema();
    public static final org.apache.avro.Schema PARTNER = new org.apache.avro.Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "com.scoville.avro", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "customerId", "type": "string"},
              {"name": "channel", "type": {"type": "enum", "name": "Channel", "symbols": ["UNKNOWN", "WEB", "MOBILE", "WHOLESALE", "POS"], "default": "UNKNOWN"}},
              {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "OrderLine", "fields": [
                {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"}]}}},
              {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}""");
    public static final org.apache.avro.Schema DRONE = new org.apache.avro.Schema.Parser().parse(
            FULL.toString().replace("\"POS\"]", "\"POS\",\"DRONE\"]"));
    private static final int SIX_HUNDRED_KB = 600_000;

    private final List<String> sauces;
    private final List<String> bundles;
    private final byte[] otherSchemaRecord;
    private final byte[] validOrderRecord;

    /**
     * @param otherSchemaRecord a record in wire format under another subject's schema (a Product)
     * @param validOrderRecord  a valid order in wire format, to be cut short
     */
    public HostileOrders(List<String> sauces, List<String> bundles, byte[] otherSchemaRecord, byte[] validOrderRecord) {
        this.sauces = sauces;
        this.bundles = bundles;
        this.otherSchemaRecord = otherSchemaRecord;
        this.validOrderRecord = validOrderRecord;
    }

    public Arbitrary<HostileOrder> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, badQuantity()),
                Tuple.of(2, tooManyLines()),
                Tuple.of(2, unknownSku()),
                Tuple.of(2, malformedSku()),
                Tuple.of(2, cardNumber()),
                Tuple.of(1, emptyCustomer()),
                Tuple.of(2, idTooLong()),
                Tuple.of(2, keyIsNotTheOrderId()),
                Tuple.of(1, noKey()),
                Tuple.of(1, noIdentityAtAll()),
                Tuple.of(2, unknownChannel()),
                Tuple.of(1, noLines()),
                Tuple.of(2, moreThanAnyStock()),
                Tuple.of(2, notACurrency()),
                Tuple.of(3, notAnAvroOrder())).map(HostileOrders::withinOneMegabyte);
    }

    /** A record must stay under the broker's 1 MB: a poison that is 600 KB already drops a 600 KB spice. */
    private static HostileOrder withinOneMegabyte(HostileOrder o) {
        if (!o.isAvro() || !o.fullSchema()) {
            return o;
        }
        long poison = 2L * o.orderId().length() + o.customerId().length() + String.valueOf(o.currency()).length()
                + o.lines().stream().mapToLong(l -> l.sku().length()).sum();
        return poison < SIX_HUNDRED_KB ? o : o.withFullFields(o.writer(), o.currency(), small(o.paymentToken()), small(o.addressLine()), o.reservationId());
    }

    private static String small(String text) {
        return text == null || text.length() < 1_000 ? text : text.substring(0, 1_000);
    }

    /** A legal order, spiced: any writer schema, odd but valid text and times, bundles and duplicate lines. */
    private Arbitrary<HostileOrder> spiced() {
        Arbitrary<org.apache.avro.Schema> writer = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(FULL)),
                Tuple.of(3, Arbitraries.just(PARTNER)), Tuple.of(1, Arbitraries.just(DRONE)));
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, Arbitraries.of("🌶️ñ", "\u202Eevil", "a\u0000b", "\u0007\u001b[31m", "x\uD800y", "辣", "e\u0301", " ")));
        Arbitrary<String> orderId = Arbitraries.frequencyOf(Tuple.of(9, text), Tuple.of(1, Arbitraries.just("")));
        Arbitrary<String> channel = Arbitraries.of("WEB", "MOBILE", "WHOLESALE", "POS");
        Arbitrary<Long> createdAt = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(System.currentTimeMillis())),
                Tuple.of(1, Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 253_402_300_799_999L, -2_208_988_800_000L)));
        Arbitrary<Long> price = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 1L)));
        Arbitrary<Line> line = Combinators.combine(Arbitraries.of(skus()), Arbitraries.integers().between(1, 3), price).as(Line::new);
        Arbitrary<List<Line>> lines = Arbitraries.frequencyOf(Tuple.of(8, line.list().ofMinSize(1).ofMaxSize(3)),
                Tuple.of(1, line.map(l -> List.of(l, l, l)))); // the same SKU on several lines
        Arbitrary<HostileOrder> order = Combinators.combine(writer, orderId, text, channel, lines, createdAt).as((w, id, customer, ch, ls, at) ->
                new HostileOrder("legal", Keying.ORDER_ID, w, id.isEmpty() ? "" : ":" + id, ":" + customer, true, ch, ls, at, "USD", null, null, null, null));
        Arbitrary<String> token = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("tok_visa")), Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.just("t".repeat(SIX_HUNDRED_KB))));
        Arbitrary<String> address = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("1 Main St")), Tuple.of(2, Arbitraries.just(null)),
                Tuple.of(1, text), Tuple.of(1, Arbitraries.just("a".repeat(SIX_HUNDRED_KB))));
        Arbitrary<String> reservation = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(null)), Tuple.of(1, Arbitraries.of("hold_nonexistent", "")));
        return Combinators.combine(order, token, address, reservation).as((o, t, a, r) -> {
            boolean oneHugeField = t != null && t.length() == SIX_HUNDRED_KB && a != null && a.length() == SIX_HUNDRED_KB;
            return o.fullSchema() ? o.withFullFields(o.writer(), "USD", t, oneHugeField ? "1 Main St" : a, r) : o;
        });
    }

    private List<String> skus() {
        List<String> all = new ArrayList<>(sauces);
        all.addAll(bundles);
        return all;
    }

    private Arbitrary<HostileOrder> badQuantity() {
        return Combinators.combine(spiced(), Arbitraries.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1_001, 1_000_000, -1_000)).as((o, q) ->
                o.as("quantity " + q).withLines(List.of(new Line(o.lines().get(0).sku(), q, 0))));
    }

    private Arbitrary<HostileOrder> tooManyLines() {
        return Combinators.combine(spiced(), Arbitraries.of(51, 500, 5_000), Arbitraries.of(sauces)).as((o, n, sku) -> {
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add(new Line(sku, 1, 0));
            }
            return o.as(n + " lines").withLines(lines);
        });
    }

    private Arbitrary<HostileOrder> unknownSku() {
        Arbitrary<String> unknown = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(3).ofMaxLength(10).map(s -> "NOPE-" + s);
        return Combinators.combine(spiced(), unknown).as((o, sku) -> {
            List<Line> lines = new ArrayList<>(o.lines());
            lines.add(new Line(sku, 1, 0));
            return o.as("unknown SKU").withLines(lines);
        });
    }

    private Arbitrary<HostileOrder> malformedSku() {
        Arbitrary<String> sku = Arbitraries.of("", " ", "-LEADING-DASH", "../etc/passwd", "SKU WITH SPACES", "🌶️", "A\u0000B", "x".repeat(65),
                "S".repeat(SIX_HUNDRED_KB), "\uD800", "4111111111111111");
        return Combinators.combine(spiced(), sku).as((o, s) -> o.as("malformed SKU " + FuzzRequest.cut(s, 20)).withLines(List.of(new Line(s, 1, 0))));
    }

    private Arbitrary<HostileOrder> cardNumber() {
        Arbitrary<String> card = Arbitraries.of("4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005");
        Arbitrary<String> where = Arbitraries.of("customerId", "orderId", "paymentToken", "address");
        return Combinators.combine(spiced(), card, where).as((o, c, w) -> {
            HostileOrder poisoned = o.as("card number in " + w);
            return switch (w) {
                case "customerId" -> poisoned.withIds(o.orderId().isEmpty() ? ":o" : o.orderId(), ":" + c, true);
                case "orderId" -> poisoned.withIds(":" + c, o.customerId(), true);
                case "paymentToken" -> poisoned.withFullFields(o.fullSchema() ? o.writer() : FULL, "USD", c, null, null);
                default -> poisoned.withFullFields(o.fullSchema() ? o.writer() : FULL, "USD", null, "card " + c, null);
            };
        });
    }

    private Arbitrary<HostileOrder> emptyCustomer() {
        return Combinators.combine(spiced(), Arbitraries.of("", " ", "\t\n")).as((o, c) ->
                o.as("empty customer id").withIds(o.orderId().isEmpty() ? ":o" : o.orderId(), c, false));
    }

    /** An order id (which is the key too: 300 KB twice stays under the broker's 1 MB) or a customer id over 128 chars. */
    private Arbitrary<HostileOrder> idTooLong() {
        Arbitrary<HostileOrder> longOrderId = Combinators.combine(spiced(), Arbitraries.of(129, 10_000, 300_000)).as((o, n) ->
                o.as("orderId of " + n + " chars").withIds(":" + "i".repeat(n), o.customerId(), true));
        Arbitrary<HostileOrder> longCustomerId = Combinators.combine(spiced(), Arbitraries.of(129, 10_000, SIX_HUNDRED_KB)).as((o, n) ->
                o.as("customerId of " + n + " chars").withIds(o.orderId().isEmpty() ? ":o" : o.orderId(), ":" + "c".repeat(n), true));
        return Arbitraries.oneOf(longOrderId, longCustomerId);
    }

    private Arbitrary<HostileOrder> keyIsNotTheOrderId() {
        return spiced().map(o -> o.as("key is not the order id").withIds(o.orderId().isEmpty() ? ":o" : o.orderId(), o.customerId(), true)
                .withKeying(Keying.OTHER));
    }

    private Arbitrary<HostileOrder> noKey() {
        return spiced().map(o -> o.as("no key").withIds(o.orderId().isEmpty() ? ":o" : o.orderId(), o.customerId(), true).withKeying(Keying.NONE));
    }

    private Arbitrary<HostileOrder> noIdentityAtAll() {
        return spiced().map(o -> o.as("no key and an empty order id").withIds("", o.customerId(), true).withKeying(Keying.NONE));
    }

    private Arbitrary<HostileOrder> unknownChannel() {
        return spiced().flatMap(o -> Arbitraries.of("UNKNOWN", "DRONE").map(symbol ->
                o.as("channel " + symbol).withChannel(symbol.equals("DRONE") || o.writer() == DRONE ? DRONE : o.writer(), symbol)));
    }

    private Arbitrary<HostileOrder> noLines() {
        return spiced().map(o -> o.as("no lines").withLines(List.of()));
    }

    /** Legal lines, more than any SKU has: 1 000 of one sauce, several lines of the same one, or a bundle. */
    private Arbitrary<HostileOrder> moreThanAnyStock() {
        return spiced().flatMap(o -> Arbitraries.of(
                        List.of(new Line(sauces.get(0), 1_000, 0)),
                        List.of(new Line(sauces.get(1), 400, 0), new Line(sauces.get(1), 400, 0), new Line(sauces.get(1), 400, 0)),
                        List.of(new Line(bundles.get(0), 1_000, 0)),
                        List.of(new Line(bundles.get(bundles.size() - 1), 600, 0), new Line(sauces.get(2), 1, 0))
                ).map(lines -> o.as("more than the stock of " + lines.get(0).sku()).withLines(lines)));
    }

    private Arbitrary<HostileOrder> notACurrency() {
        return Combinators.combine(spiced(), Arbitraries.of("", "US", "DOLLARS", "usd", "€", "\u0000\u0000\u0000", "C".repeat(SIX_HUNDRED_KB))).as((o, c) ->
                o.as("currency " + FuzzRequest.cut(c, 12)).withFullFields(o.fullSchema() ? o.writer() : FULL, c, null, null, null));
    }

    /** Bytes that are no Avro order: text, noise, a wire header naming no schema, a cut record, another subject's record. */
    private Arbitrary<HostileOrder> notAnAvroOrder() {
        Arbitrary<Keying> keying = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Keying.ORDER_ID)), Tuple.of(1, Arbitraries.just(Keying.NONE)));
        Arbitrary<HostileOrder> bytes = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30).map(s -> HostileOrder.garbage("text",
                        Keying.ORDER_ID, ("this is not an order " + s).getBytes(StandardCharsets.UTF_8)))),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200).map(b -> HostileOrder.garbage("noise", Keying.ORDER_ID, b))),
                Tuple.of(1, Arbitraries.integers().between(10_000, Integer.MAX_VALUE).map(id -> HostileOrder.garbage("unknown schema id " + id,
                        Keying.ORDER_ID, ByteBuffer.allocate(9).put((byte) 0).putInt(id).putInt(42).array()))),
                Tuple.of(1, Arbitraries.integers().between(6, validOrderRecord.length - 1).map(n -> HostileOrder.garbage("order cut at byte " + n,
                        Keying.ORDER_ID, java.util.Arrays.copyOf(validOrderRecord, n)))),
                Tuple.of(1, Arbitraries.just(HostileOrder.garbage("wrong magic byte", Keying.ORDER_ID, magic(validOrderRecord, (byte) 1)))),
                Tuple.of(1, Arbitraries.just(HostileOrder.garbage("a Product record", Keying.ORDER_ID, otherSchemaRecord))),
                Tuple.of(1, Arbitraries.just(HostileOrder.garbage("JSON", Keying.ORDER_ID,
                        "{\"orderId\":\"x\",\"customerId\":\"c\",\"channel\":\"WEB\",\"lines\":[]}".getBytes(StandardCharsets.UTF_8)))));
        return Combinators.combine(bytes, keying).as(HostileOrder::withKeying);
    }

    private static byte[] magic(byte[] record, byte magic) {
        byte[] copy = record.clone();
        copy[0] = magic;
        return copy;
    }
}
