package com.scoville.clients;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The one place every Kafka client of a Scoville process gets its connection settings: the bootstrap servers and, when
 * the cluster authenticates clients, the SASL login. Each process logs in as one user; it starts as the user of
 * {@code KAFKA_SASL_USERNAME}/{@code KAFKA_SASL_PASSWORD} (none: PLAINTEXT) and the service sets it from its
 * configuration with {@link #use}.
 */
public final class KafkaClients {

    private static volatile Optional<KafkaCredentials> credentials = KafkaCredentials.fromEnv(System.getenv());

    private KafkaClients() {
    }

    /** Sets the login of every client this process creates from now on (empty: PLAINTEXT, no login). */
    public static void use(Optional<KafkaCredentials> login) {
        credentials = login;
    }

    /** The login clients of this process use. */
    public static Optional<KafkaCredentials> credentials() {
        return credentials;
    }

    /** A new, mutable client config with the bootstrap servers and this process's login. */
    public static Map<String, Object> config(String bootstrapServers) {
        return config(bootstrapServers, credentials);
    }

    /** A new, mutable client config with the bootstrap servers and {@code login}. */
    public static Map<String, Object> config(String bootstrapServers, Optional<KafkaCredentials> login) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        login.ifPresent(user -> config.putAll(user.clientConfig()));
        return config;
    }

    /** {@link #config(String)} with {@code extra} on top. */
    public static Map<String, Object> config(String bootstrapServers, Map<String, ?> extra) {
        Map<String, Object> config = config(bootstrapServers);
        config.putAll(extra);
        return config;
    }

    /** {@link #config(String)} as properties (Kafka Streams). */
    public static Properties properties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.putAll(config(bootstrapServers));
        return properties;
    }
}
