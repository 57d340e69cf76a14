package com.scoville.service.cluster;

import com.scoville.clients.KafkaCredentials;
import com.scoville.devstack.KafkaSecurity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials of a cluster on this machine: the Kafka users (the brokers' {@code admin}, the service's
 * {@code scoville}, a {@code partner} who may only write {@code orders}) and the schema registry's writer. Each
 * password comes from its environment variable, else a documented development default: this is a cluster for one
 * machine, and the defaults are in the README. Every part gets them through its environment, never its command line.
 *
 * @param adminPassword   SCOVILLE_KAFKA_ADMIN_PASSWORD
 * @param servicePassword SCOVILLE_KAFKA_SERVICE_PASSWORD
 * @param partnerPassword SCOVILLE_KAFKA_PARTNER_PASSWORD
 * @param registryWriter  SCHEMA_REGISTRY_USER_INFO, {@code user:password} the registry requires for writes
 */
public record ClusterCredentials(String adminPassword, String servicePassword, String partnerPassword, String registryWriter) {

    public static final String ADMIN_PASSWORD_ENV = "SCOVILLE_KAFKA_ADMIN_PASSWORD";
    public static final String SERVICE_PASSWORD_ENV = "SCOVILLE_KAFKA_SERVICE_PASSWORD";
    public static final String PARTNER_PASSWORD_ENV = "SCOVILLE_KAFKA_PARTNER_PASSWORD";
    public static final String REGISTRY_WRITER_ENV = "SCHEMA_REGISTRY_USER_INFO";

    public static final String DEV_ADMIN_PASSWORD = "admin-dev-secret";
    public static final String DEV_SERVICE_PASSWORD = "scoville-dev-secret";
    public static final String DEV_PARTNER_PASSWORD = "partner-dev-secret";
    public static final String DEV_REGISTRY_WRITER = "scoville:registry-dev-secret";

    /** The credentials of {@code env}, each unset one at its development default. */
    public static ClusterCredentials fromEnv(Map<String, String> env) {
        return new ClusterCredentials(or(env, ADMIN_PASSWORD_ENV, DEV_ADMIN_PASSWORD), or(env, SERVICE_PASSWORD_ENV, DEV_SERVICE_PASSWORD),
                or(env, PARTNER_PASSWORD_ENV, DEV_PARTNER_PASSWORD), or(env, REGISTRY_WRITER_ENV, DEV_REGISTRY_WRITER));
    }

    /** What the brokers enforce. */
    public KafkaSecurity kafkaSecurity() {
        return KafkaSecurity.localCluster(adminPassword, servicePassword, partnerPassword);
    }

    /** The login of the service, the registry and the tools that start the cluster. */
    public KafkaCredentials service() {
        return new KafkaCredentials(KafkaSecurity.SERVICE, servicePassword);
    }

    /** The environment a broker is started with. */
    Map<String, String> brokerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ADMIN_PASSWORD_ENV, adminPassword);
        env.put(SERVICE_PASSWORD_ENV, servicePassword);
        env.put(PARTNER_PASSWORD_ENV, partnerPassword);
        return env;
    }

    /** The environment of a Kafka client part (registry, instance): the service's login and the registry writer. */
    Map<String, String> clientEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(KafkaCredentials.USERNAME_ENV, KafkaSecurity.SERVICE);
        env.put(KafkaCredentials.PASSWORD_ENV, servicePassword);
        env.put(REGISTRY_WRITER_ENV, registryWriter);
        return env;
    }

    /** Lines for the console: who is who, passwords shown only while they are the development defaults. */
    public String describe() {
        return "Kafka: SASL_PLAINTEXT with SCRAM-SHA-256 and ACLs, users " + KafkaSecurity.ADMIN + " (brokers) "
                + shown(adminPassword, DEV_ADMIN_PASSWORD) + ", " + KafkaSecurity.SERVICE + " (service) "
                + shown(servicePassword, DEV_SERVICE_PASSWORD) + ", " + KafkaSecurity.PARTNER + " (writes orders only) "
                + shown(partnerPassword, DEV_PARTNER_PASSWORD) + "; schema registry writes need Basic "
                + registryWriter.substring(0, registryWriter.indexOf(':')) + " "
                + shown(registryWriter.substring(registryWriter.indexOf(':') + 1), DEV_REGISTRY_WRITER.substring(DEV_REGISTRY_WRITER.indexOf(':') + 1));
    }

    private static String shown(String password, String devDefault) {
        return password.equals(devDefault) ? "/ " + password + " (development default)" : "(password from the environment)";
    }

    private static String or(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    @Override
    public String toString() {
        return "ClusterCredentials[passwords hidden]";
    }
}
