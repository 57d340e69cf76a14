package com.scoville.orders;

import com.scoville.avro.OrderState;
import com.scoville.kafka.Topic;
import com.scoville.kafka.TopicFeed;

/** Tails 'order-status': wakes the requests waiting for an order or hold to change. */
public final class StatusFeed extends TopicFeed<OrderState> {
    public StatusFeed(String bootstrapServers, Topic<String, OrderState> topic) {
        super(bootstrapServers, topic, "status-feed");
    }

    @Override
    public StatusFeed start() {
        super.start();
        return this;
    }
}
