package com.scoville.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What happens to a record that cannot be read or whose processing throws: it is logged with its topic,
 * partition and offset, copied to the dead-letter topic ({@code errors.dead.letter.queue.topic.name}) with
 * the exception in its headers, and the task goes on with the next record. Kafka Streams' own handlers do
 * the same, but copy the record whatever it holds; this one leaves out a key and value that carry card data
 * ({@link UnusableRecordException#carriesCardData()}) or that would make the copy larger than a broker takes
 * (the headers still say where the original is), since a dead letter that cannot be written would stop the
 * task again.
 */
public final class DeadLetters implements ProcessingExceptionHandler, DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    // Kafka Streams' own header names, so every dead letter reads the same.
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Why the copy holds no key and value, when it holds none. */
    public static final String PAYLOAD_OMITTED = "scoville.errors.payload-omitted";

    /** Key and value bytes copied at most: with the headers, well below the 1 MB a broker takes by default. */
    static final int MAX_COPIED_BYTES = 512 * 1024;
    private static final int MAX_MESSAGE_CHARS = 1_000;
    private static final int MAX_STACKTRACE_CHARS = 8_000;

    private String topic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = name == null ? null : name.toString();
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        log.warn("Processing failed in {} (task {}) for the record at {}-{} offset {}; dead-lettered, going on",
                context.processorNodeId(), context.taskId(), context.topic(), context.partition(), context.offset(), exception);
        return ProcessingExceptionHandler.Response.resume(letters(context, context.sourceRawKey(), context.sourceRawValue(), exception));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        log.warn("Unreadable record at {}-{} offset {}; dead-lettered, going on: {}",
                record.topic(), record.partition(), record.offset(), exception.toString());
        return DeserializationExceptionHandler.Response.resume(letters(context, record.key(), record.value(), exception));
    }

    private List<ProducerRecord<byte[], byte[]>> letters(ErrorHandlerContext context, byte[] key, byte[] value, Exception exception) {
        if (topic == null) {
            return List.of();
        }
        String omitted = omission(key, value, exception);
        Headers headers = new RecordHeaders();
        if (omitted == null && context.headers() != null) {
            for (Header h : context.headers()) {
                headers.add(h);
            }
        }
        add(headers, EXCEPTION, exception.getClass().getName());
        add(headers, MESSAGE, clip(String.valueOf(exception.getMessage()), MAX_MESSAGE_CHARS));
        add(headers, STACKTRACE, clip(stackTrace(exception), MAX_STACKTRACE_CHARS));
        add(headers, TOPIC, context.topic());
        add(headers, PARTITION, String.valueOf(context.partition()));
        add(headers, OFFSET, String.valueOf(context.offset()));
        if (omitted != null) {
            add(headers, PAYLOAD_OMITTED, omitted);
        }
        return List.of(new ProducerRecord<>(topic, null, context.timestamp() < 0 ? null : context.timestamp(),
                omitted == null ? key : null, omitted == null ? value : null, headers));
    }

    /** Why key and value stay out of the copy, or null when they go in. */
    static String omission(byte[] key, byte[] value, Exception exception) {
        if (exception instanceof UnusableRecordException unusable && unusable.carriesCardData()) {
            return "the record carries card data";
        }
        long size = (key == null ? 0 : key.length) + (long) (value == null ? 0 : value.length);
        return size > MAX_COPIED_BYTES ? "key and value are " + size + " bytes, more than " + MAX_COPIED_BYTES : null;
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String stackTrace(Exception e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
