package com.scoville.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Kafka's own clients for Kafka Streams, with one change: a stream thread that has had nothing to do for a while
 * waits longer in each poll. A thread blocked in poll cannot commit, so while records it took may still wait for
 * their commit it polls for at most {@code busyPoll} (POLL_MS): a short poll keeps every waiting order's decision
 * on time. Once a commit interval (and a poll) has passed since it last got records, nothing of its can be
 * waiting, and it polls for {@code idlePoll}: an idle service stops spinning a hundred polls a second per thread.
 * A poll returns as soon as records arrive, so the first order after a quiet spell is not held by the long wait.
 * The global stores' thread commits nothing and polls for {@code idlePoll} once it has restored them; the state
 * updaters poll for it once their standbys are caught up. The producers it makes also count each stream thread's
 * commits, for the {@link CommitPace}.
 */
public final class IdlePolls implements KafkaClientSupplier {
    private final Duration busyPoll;
    private final Duration idlePoll;
    private final long quietAfterMs;
    private final LongSupplier clockMs;

    public IdlePolls(Duration busyPoll, Duration idlePoll, Duration commitInterval, LongSupplier clockMs) {
        this.busyPoll = busyPoll;
        this.idlePoll = idlePoll.compareTo(busyPoll) < 0 ? busyPoll : idlePoll;
        this.quietAfterMs = commitInterval.plus(busyPoll).toMillis();
        this.clockMs = clockMs;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    /** A stream thread's producer, which tells the thread's {@link ThreadCommits} of each transaction it commits. */
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return withCommitsCounted(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), clockMs);
    }

    /** {@code producer}, telling the calling thread's {@link ThreadCommits} of each transaction it commits. */
    @SuppressWarnings("unchecked")
    static Producer<byte[], byte[]> withCommitsCounted(Producer<byte[], byte[]> producer, LongSupplier clockMs) {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(IdlePolls.class.getClassLoader(), new Class<?>[]{Producer.class},
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(producer, args);
                        if (method.getName().equals("commitTransaction")) {
                            ThreadCommits.ofThisThread().committed(clockMs.getAsLong());
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return withPolls(plain(config), new MainThreadPolls());
    }

    /**
     * The state updaters' consumer. Kafka Streams polls it for POLL_MS, over and over, while any standby task is kept
     * up to date: 4 % of a core per state updater in an idle cluster with standbys. Once a poll came back empty (caught
     * up), it waits {@code idlePoll}: a poll still returns as soon as records arrive, so a standby stays as fresh, and a
     * restoration with records to read keeps Streams' own short polls.
     */
    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return withPolls(plain(config), new RestorePolls());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return withPolls(plain(config), new GlobalPolls());
    }

    private static Consumer<byte[], byte[]> plain(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** How long the next poll of one consumer waits, from what the caller asked and what the last poll returned. */
    interface PollTime {
        Duration next(Duration asked, int lastRecords);
    }

    /** A stream thread's: short while a commit may be due, long once it has been quiet for a commit interval. */
    final class MainThreadPolls implements PollTime {
        private long lastRecordsAtMs = Long.MIN_VALUE / 2;

        @Override
        public Duration next(Duration asked, int lastRecords) {
            long now = clockMs.getAsLong();
            if (lastRecords > 0) {
                lastRecordsAtMs = now;
            }
            boolean quiet = now - lastRecordsAtMs > quietAfterMs;
            // Streams asks for no wait at all while it shuts down or restores: that is kept
            return asked.isZero() || !asked.equals(busyPoll) ? asked : quiet ? idlePoll : busyPoll;
        }
    }

    /** A state updater's: as Streams asks while records come, {@code idlePoll} once caught up; no wait stays no wait. */
    final class RestorePolls implements PollTime {
        @Override
        public Duration next(Duration asked, int lastRecords) {
            return asked.isZero() || lastRecords > 0 || asked.compareTo(idlePoll) >= 0 ? asked : idlePoll;
        }
    }

    /**
     * The global stores' thread's: {@code idlePoll} while it follows its topics (Streams asks for POLL_MS), and
     * {@code busyPoll} while it restores them at start (Streams asks for POLL_MS plus the request timeout, and looks at
     * the position after each poll). A partition written in transactions ends in a commit marker, which a poll reads
     * without returning a record: such a poll should not hold the restore, one partition after another, for a whole
     * idle poll.
     */
    final class GlobalPolls implements PollTime {
        @Override
        public Duration next(Duration asked, int lastRecords) {
            return asked.compareTo(idlePoll) > 0 ? busyPoll : idlePoll;
        }
    }

    /** {@code consumer} with its polls timed by {@code polls}; every other call goes straight through. */
    @SuppressWarnings("unchecked")
    static Consumer<byte[], byte[]> withPolls(Consumer<byte[], byte[]> consumer, PollTime polls) {
        int[] lastRecords = {0};
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(IdlePolls.class.getClassLoader(), new Class<?>[]{Consumer.class},
                (proxy, method, args) -> {
                    Object[] call = args;
                    if (isTimedPoll(method)) {
                        call = new Object[]{polls.next((Duration) args[0], lastRecords[0])};
                    }
                    try {
                        Object result = method.invoke(consumer, call);
                        if (isTimedPoll(method)) {
                            lastRecords[0] = ((ConsumerRecords<?, ?>) result).count();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean isTimedPoll(Method method) {
        return method.getName().equals("poll") && method.getParameterCount() == 1 && method.getParameterTypes()[0] == Duration.class;
    }
}
