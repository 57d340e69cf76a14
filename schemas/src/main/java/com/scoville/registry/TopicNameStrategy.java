package com.scoville.registry;

/** Confluent's default subject naming, so partners find our schemas where their tools look: {@code <topic>-key} or {@code <topic>-value}. */
public final class TopicNameStrategy {

    private TopicNameStrategy() {
    }

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
