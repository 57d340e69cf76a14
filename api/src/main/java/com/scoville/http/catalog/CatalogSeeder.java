package com.scoville.http.catalog;

import com.scoville.avro.Product;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.devstack.DemoCatalog;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Seeds the demo catalog and its stock on a first start, when the topic 'products' has never held a record. */
public final class CatalogSeeder {
    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);

    private CatalogSeeder() { }

    public static boolean seedIfEmpty(Admin admin, KafkaWriter writer, Topics topics, Clock clock) throws Exception {
        if (!isEmpty(admin, topics.products.name())) {
            return false;
        }
        Instant now = clock.instant();
        List<Product> products = DemoCatalog.products(now);
        untilWritten(() -> products.stream().map(p -> writer.send(topics.products, p.getSku(), p)));
        // each restock carries a command id, so writing it again after a timeout cannot add the stock twice
        untilWritten(() -> DemoCatalog.INITIAL_STOCK.entrySet().stream()
                .map(e -> writer.send(topics.stockCommands, e.getKey(), StockCommand.newBuilder()
                        .setType(StockCommandType.RESTOCK).setSku(e.getKey()).setQuantity(e.getValue()).setAt(now)
                        .setCommandId("seed-restock " + e.getKey()).build())));
        log.info("Seeded the demo catalog: {} products", products.size());
        return true;
    }

    /**
     * Writes until every record is acknowledged: the topics were just created, and on a busy machine their
     * leaders may not take writes within the writer's bounded timeout yet.
     */
    private static void untilWritten(Supplier<Stream<CompletableFuture<?>>> sends) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                CompletableFuture.allOf(sends.get().toArray(CompletableFuture[]::new)).get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) || attempt == 10) {
                    throw e;
                }
                log.info("Seeding the demo catalog: the broker is not ready yet ({}), trying again", e.getCause().getMessage());
            }
        }
    }

    /** A topic just created may be unknown to the broker's metadata for a moment: ask again, briefly. */
    private static boolean isEmpty(Admin admin, String topic) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return isEmptyNow(admin, topic);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || attempt == 40) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static boolean isEmptyNow(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().allMatch(o -> o.offset() == 0);
    }

}
