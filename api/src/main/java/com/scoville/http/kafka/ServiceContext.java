package com.scoville.http.kafka;

import com.scoville.catalog.Catalog;
import com.scoville.kafka.Topics;

import java.time.Clock;

/**
 * What the services share to reach the topology, built once by the service: one writer, one way to query the
 * stores and to forward to their owners (one HTTP client), one feed of each topic the requests wait on.
 */
public record ServiceContext(Topics topics, KafkaWriter writer, StoreQueries queries, RemoteInstances remote,
                             StatusFeed statusFeed, CommandOutcomes outcomes, Catalog catalog,
                             int maxOrderLines, int maxLineQuantity, Clock clock) { }
