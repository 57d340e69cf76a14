package com.scoville.clients;

import java.util.Map;
import java.util.Optional;

/**
 * A SASL/SCRAM-SHA-256 user a Kafka client logs in as. Its {@link #toString} never shows the password.
 *
 * @param username the principal's name ({@code User:<username>} on the broker)
 * @param password its SCRAM password
 */
public record KafkaCredentials(String username, String password) {

    /** The one mechanism clients use: SCRAM keeps no password on the broker and sends none over the wire. */
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** Credentials travel inside SASL; the connection itself is not encrypted (loopback or a private network). */
    public static final String PROTOCOL = "SASL_PLAINTEXT";
    /** The environment variables every Scoville process (service, registry, bench) reads its Kafka login from. */
    public static final String USERNAME_ENV = "KAFKA_SASL_USERNAME";
    public static final String PASSWORD_ENV = "KAFKA_SASL_PASSWORD";

    public KafkaCredentials {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("A Kafka SASL user needs a name and a password");
        }
    }

    /** The credentials of {@code env}: both variables set, none, or a mistake (one without the other). */
    public static Optional<KafkaCredentials> fromEnv(Map<String, String> env) {
        String user = blankToNull(env.get(USERNAME_ENV));
        String password = blankToNull(env.get(PASSWORD_ENV));
        if (user == null && password == null) {
            return Optional.empty();
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException(USERNAME_ENV + " and " + PASSWORD_ENV + " go together: set both or neither");
        }
        return Optional.of(new KafkaCredentials(user, password));
    }

    /** The client settings that log in as this user: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}. */
    public Map<String, Object> clientConfig() {
        return Map.of(
                "security.protocol", PROTOCOL,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaas("org.apache.kafka.common.security.scram.ScramLoginModule", username, password));
    }

    /** A JAAS line for {@code module} with a quoted user name and password ({@code "} and {@code \} escaped). */
    public static String jaas(String module, String username, String password) {
        return module + " required username=\"" + quote(username) + "\" password=\"" + quote(password) + "\";";
    }

    static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "KafkaCredentials[" + username + ", password hidden]";
    }
}
