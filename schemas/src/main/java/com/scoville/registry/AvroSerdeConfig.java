package com.scoville.registry;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The Confluent serde settings a plain Kafka producer or consumer config can carry, read in one place. */
final class AvroSerdeConfig {

    /** Comma-separated base URLs of the registry. */
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Where the registry credentials come from: {@code USER_INFO} ({@link #BASIC_AUTH_USER_INFO}) or {@code URL} (the URL's user info, the default). */
    static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** {@code user:password} for the registry when the source is {@code USER_INFO}. */
    static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Whether the serializer registers unknown schemas (default true) or only looks them up. */
    static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Whether the deserializer returns generated classes (found by the writer schema's full name) rather than generic records. */
    static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** The generated class (a Class or its name) the deserializer reads keys as. */
    static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /** The generated class (a Class or its name) the deserializer reads values as. */
    static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    private final Map<String, ?> configs;
    private final boolean isKey;

    AvroSerdeConfig(Map<String, ?> configs, boolean isKey) {
        this.configs = configs;
        this.isKey = isKey;
    }

    /** A client of the configured registry, or {@code fallback} when none is configured; fails when there is neither. */
    SchemaRegistry registry(SchemaRegistry fallback) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url != null && !url.toString().isBlank()) {
            return client(url.toString());
        }
        if (fallback == null) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, null, "required: the base URL of the schema registry, e.g. http://127.0.0.1:8081");
        }
        return fallback;
    }

    /** A client of {@code urls} with the Basic credentials Confluent's settings name. */
    private SchemaRegistryClient client(String urls) {
        Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        String kind = source == null ? "URL" : source.toString().trim().toUpperCase(java.util.Locale.ROOT);
        switch (kind) {
            case "USER_INFO" -> {
                Object info = configs.get(BASIC_AUTH_USER_INFO);
                if (info == null || info.toString().indexOf(':') < 1) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO, null, "required as user:password when "
                            + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO");
                }
                return new SchemaRegistryClient(urls, RegistryClientSettings.DEFAULTS.withUserInfo(info.toString()));
            }
            case "URL" -> {
                String userInfo = null;
                StringBuilder bare = new StringBuilder();
                for (String each : urls.split(",")) {
                    java.net.URI uri = java.net.URI.create(each.trim());
                    if (uri.getRawUserInfo() != null) {
                        userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), java.nio.charset.StandardCharsets.UTF_8);
                        each = uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                                + (uri.getRawPath() == null ? "" : uri.getRawPath());
                    }
                    bare.append(bare.length() == 0 ? "" : ",").append(each.trim());
                }
                return new SchemaRegistryClient(bare.toString(), RegistryClientSettings.DEFAULTS.withUserInfo(userInfo));
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "USER_INFO or URL");
        }
    }

    boolean autoRegister(boolean fallback) {
        return bool(AUTO_REGISTER_SCHEMAS, fallback);
    }

    boolean specificReader() {
        return bool(SPECIFIC_AVRO_READER, false);
    }

    /** The configured class for this side (key or value), or null. */
    Class<?> specificType() {
        String key = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
        Object value = configs.get(key);
        if (value == null || value instanceof Class<?>) {
            return (Class<?>) value;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(value.toString().trim(), true, loader != null ? loader : AvroSerdeConfig.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, value, "no such class on the classpath");
        }
    }

    private boolean bool(String key, boolean fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Boolean.parseBoolean(value.toString().trim());
    }
}
