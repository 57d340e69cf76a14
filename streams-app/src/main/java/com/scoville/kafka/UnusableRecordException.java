package com.scoville.kafka;

/**
 * A record the topology cannot handle at all (it has no usable identity). Thrown before any state is
 * touched, so the processing exception handler ({@link DeadLetters}) puts it on the dead-letter topic and
 * the task goes on. Its message never quotes the record; one that carries card data is dead-lettered
 * without its key and value.
 */
public final class UnusableRecordException extends RuntimeException {
    private final boolean carriesCardData;

    public UnusableRecordException(String reason, boolean carriesCardData) {
        super(reason);
        this.carriesCardData = carriesCardData;
    }

    public boolean carriesCardData() {
        return carriesCardData;
    }
}
