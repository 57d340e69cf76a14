package com.scoville.inventory;

import com.scoville.ScovilleDriver;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.FunnelCounter;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.SalesTotals;
import com.scoville.avro.StockLevel;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.devstack.DemoCatalog;
import com.scoville.kafka.SkuPartitions;
import com.scoville.kafka.Topics;
import com.scoville.registry.InMemorySchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static com.scoville.ScovilleDriver.START;
import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reservation processor alone, as the task of partition 1 of two (a TopologyTestDriver runs partition 0
 * only): it decides what lives in its own partition and moves the rest to where it lives.
 */
class ReservationProcessorPartitionsTest {
    private static final int PARTITIONS = 2;
    private static final int HERE = 1;

    private final Topics topics = topics();
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final ReservationProcessor processor = new ReservationProcessor(ScovilleDriver.TTL, PARTITIONS, 50, 1000,
            topics.orderIntake.name(), com.scoville.audit.ActorSeal.unshared(), ScovilleDriver.GRACE);
    private final StockBook book;

    ReservationProcessorPartitionsTest() {
        // the mock context calls every store's changelog 'changelog': each Avro store gets a registry of its own
        KeyValueStore<String, Product> catalog = store(CatalogUpdater.STORE, topics().storeSerde(Product.class));
        DemoCatalog.products(START).forEach(p -> catalog.put(p.getSku(), p));
        store(StockBook.LEVELS_STORE, topics().storeSerde(StockLevel.class));
        store(StockBook.RESERVATIONS_STORE, Serdes.Integer());
        for (AnalyticsWindow window : AnalyticsWindow.values()) {
            WindowStore<String, SalesTotals> funnel = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(window.store(FunnelCounter.AT_STOCK),
                    window.retention, window.size, false), Serdes.String(), topics().storeSerde(SalesTotals.class)).withLoggingDisabled().build();
            funnel.init(context.getStateStoreContext(), funnel);
            context.addStateStore(funnel);
        }
        context.setCurrentSystemTimeMs(START.toEpochMilli());
        processor.init(context);
        book = StockBook.of(context);
        DemoCatalog.INITIAL_STOCK.forEach((sku, units) -> book.restock(sku, units, START));
    }

    @Test
    void shouldDecideAnOrderOfTheStockOfItsOwnPartition() {
        // given
        String sku = skuIn(HERE);
        // when
        process(order("mine", Channel.WEB, line(sku, 2)));
        // then: the decision, and its audit entry beside it
        assertThat(context.forwarded()).hasSize(2);
        assertThat(context.forwarded()).filteredOn(f -> f.childName().equals(Optional.of(ReservationProcessor.TO_STATUS)))
                .singleElement().satisfies(f -> assertThat(((OrderState) f.record().value()).getStatus()).isEqualTo(OrderStatus.RESERVED));
        assertThat(context.forwarded()).filteredOn(f -> f.childName().equals(Optional.of(ReservationProcessor.TO_AUDIT)))
                .singleElement().satisfies(f -> {
                    com.scoville.avro.AuditEntry entry = (com.scoville.avro.AuditEntry) f.record().value();
                    assertThat(entry.getAction()).isEqualTo("order.place");
                    assertThat(entry.getOutcome()).isEqualTo(com.scoville.avro.AuditOutcome.APPLIED);
                });
        assertThat(book.level(sku, START).getReserved()).isEqualTo(2);
    }

    @Test
    void shouldMoveAnOrderOfAnotherPartitionsStockThereWithoutReservingIt() {
        // given
        String sku = skuIn(0);
        // when
        process(order("theirs", Channel.WEB, line(sku, 2)));
        // then
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.childName()).contains(ReservationProcessor.TO_INTAKE);
            assertThat(ReservationProcessor.homes(f.record().headers())).isEqualTo(Optional.of(Set.of(0)));
        });
        assertThat(book.level(sku, START).getReserved()).isZero();
    }

    private void process(Order order) {
        context.setRecordMetadata(topics.orders.name(), HERE, 0L);
        processor.process(new Record<>(order.getOrderId(), order, START.toEpochMilli()));
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static Topics topics() {
        return new Topics(new InMemorySchemaRegistry(), PARTITIONS);
    }

    private static String skuIn(int partition) {
        return DemoCatalog.INITIAL_STOCK.keySet().stream().sorted()
                .filter(sku -> SkuPartitions.of(sku, PARTITIONS) == partition).findFirst().orElseThrow();
    }
}
