package com.scoville.http.orders;

import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.http.ApiException;
import com.scoville.http.Page;
import com.scoville.http.kafka.RemoteInstances;
import com.scoville.http.kafka.StoreQueries;
import com.scoville.orders.OrderProcessor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lists orders newest first. Orders are spread over partitions and instances, so each instance filters its
 * own partitions and this one merges: a cursor is the position (time, id) after the last order given.
 */
public final class OrderListing {
    private static final Comparator<OrderView> NEWEST_FIRST = Comparator.comparing(OrderView::createdAt)
            .thenComparing(OrderView::orderId).reversed();
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final StoreQueries queries;
    private final RemoteInstances remote;
    /** A topic the order store's tasks read: its partitions are the store's. */
    private final String ordersTopic;

    public OrderListing(StoreQueries queries, RemoteInstances remote, String ordersTopic) {
        this.queries = queries;
        this.remote = remote;
        this.ordersTopic = ordersTopic;
    }

    /** The filters of a listing; null means "any". */
    public record Filter(String customerId, String status, String channel, Instant from, Instant to, int limit, String cursor) {
        Predicate<OrderView> predicate() {
            Position after = cursor == null ? null : Position.parse(cursor);
            return o -> (customerId == null || customerId.equals(o.customerId()))
                    && (status == null || status.equalsIgnoreCase(o.status()))
                    && (channel == null || channel.equalsIgnoreCase(o.channel()))
                    && (from == null || !o.createdAt().isBefore(from))
                    && (to == null || o.createdAt().isBefore(to))
                    && (after == null || NEWEST_FIRST.compare(o, after.asProbe()) > 0);
        }

        String asQuery() {
            StringBuilder q = new StringBuilder("?limit=" + limit);
            append(q, "customerId", customerId);
            append(q, "status", status);
            append(q, "channel", channel);
            append(q, "from", from == null ? null : from.toString());
            append(q, "to", to == null ? null : to.toString());
            append(q, "cursor", cursor);
            return q.toString();
        }

        private static void append(StringBuilder q, String name, String value) {
            if (value != null) {
                q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /** A position in the newest-first order. */
    record Position(Instant createdAt, String orderId) {
        static Position parse(String cursor) {
            String raw = Page.decode(cursor);
            int bar = raw.indexOf('|');
            if (!raw.startsWith("t:") || bar < 0) {
                throw Page.invalidCursor();
            }
            try {
                return new Position(Instant.ofEpochMilli(Long.parseLong(raw.substring(2, bar))), raw.substring(bar + 1));
            } catch (NumberFormatException e) {
                throw Page.invalidCursor();
            }
        }

        static String cursorAfter(OrderView last) {
            return Page.encode("t:" + last.createdAt().toEpochMilli() + "|" + last.orderId());
        }

        OrderView asProbe() {
            return new OrderView(orderId, null, null, null, List.of(), 0, null, createdAt, createdAt, List.of(),
                    null, null, null, null, null, null, null, null);
        }
    }

    /** The page across every instance (or, for a forwarded request, this instance's part of it). */
    public Page<OrderView> list(Filter filter, boolean forwarded) {
        List<OrderView> found = new ArrayList<>(local(filter));
        boolean remoteHasMore = false;
        if (!forwarded) {
            for (StreamsMetadata instance : queries.instances()) {
                HostInfo host = instance.hostInfo();
                if (!host.equals(queries.self())) {
                    OrderPage remotePage = remotePage(new StoreQueries.Remote(host), filter);
                    found.addAll(remotePage.items());
                    remoteHasMore |= remotePage.nextCursor() != null;
                }
            }
        }
        found.sort(NEWEST_FIRST);
        boolean more = found.size() > filter.limit() || remoteHasMore;
        List<OrderView> page = found.size() > filter.limit() ? found.subList(0, filter.limit()) : found;
        String next = more && !page.isEmpty() ? Position.cursorAfter(page.get(page.size() - 1)) : null;
        return new Page<>(List.copyOf(page), next);
    }

    private List<OrderView> local(Filter filter) {
        // the cursor is parsed (and refused) before the query opens an iterator on every partition
        Predicate<OrderView> wanted = filter.predicate();
        StateQueryRequest<KeyValueIterator<String, OrderState>> request = StateQueryRequest
                .inStore(OrderProcessor.ORDERS_STORE)
                .withQuery(RangeQuery.<String, OrderState>withNoBounds())
                .withPartitions(queries.activePartitions(ordersTopic))
                .requireActive();
        Map<Integer, QueryResult<KeyValueIterator<String, OrderState>>> parts = queries.streams().query(request).getPartitionResults();
        List<OrderView> matching = new ArrayList<>();
        try {
            for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, OrderState>>> e : parts.entrySet()) {
                QueryResult<KeyValueIterator<String, OrderState>> part = e.getValue();
                if (part.isFailure()) {
                    throw ApiException.unavailable("Orders partition " + e.getKey() + " cannot answer now: " + part.getFailureReason(), RETRY_AFTER);
                }
                KeyValueIterator<String, OrderState> it = part.getResult();
                while (it.hasNext()) {
                    KeyValue<String, OrderState> kv = it.next();
                    if (kv.value.getKind() == OrderKind.ORDER) {
                        OrderView view = OrderView.of(kv.value);
                        if (wanted.test(view)) {
                            matching.add(view);
                        }
                    }
                }
            }
        } finally {
            // every partition's iterator, also those not reached when one partition failed
            parts.values().stream().filter(QueryResult::isSuccess).forEach(part -> part.getResult().close());
        }
        matching.sort(NEWEST_FIRST);
        return matching.size() > filter.limit() ? matching.subList(0, filter.limit() + 1) : matching;
    }

    private OrderPage remotePage(StoreQueries.Remote owner, Filter filter) {
        return remote.get(owner, "/v1/orders" + filter.asQuery(), OrderPage.class, Duration.ofSeconds(5))
                .orElseThrow(() -> ApiException.unavailable("Instance " + owner.baseUrl() + " did not list its orders", RETRY_AFTER));
    }

    /** The wire shape of a page of orders. */
    public record OrderPage(List<OrderView> items, String nextCursor) { }
}
