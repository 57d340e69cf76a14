package com.scoville.devstack.registry;

import io.javalin.Javalin;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry inside this JVM, so embedded mode needs nothing installed: the REST API
 * ({@link SchemaRegistryRoutes}) on Javalin, over schemas kept in Kafka's compacted {@code _schemas} topic ({@link KafkaSchemaStore}).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final String host;
    private final int port;
    private final KafkaSchemaStore store;
    private final Optional<String> writerUserInfo;
    private Javalin app;
    /** Told of every write and refused write; replaced by {@link #onChange}. */
    private volatile Consumer<RegistryChange> listener = change -> { };

    /** A registry on {@link #DEFAULT_HOST}:{@link #DEFAULT_PORT}, not yet started. */
    public EmbeddedSchemaRegistry(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_HOST, DEFAULT_PORT);
    }

    /** A registry on {@code host}:{@code port} (0: a free port), keeping its schemas on the cluster at {@code bootstrapServers}; not yet started. */
    public EmbeddedSchemaRegistry(String bootstrapServers, String host, int port) {
        this(bootstrapServers, host, port, Optional.empty());
    }

    /**
     * A registry whose writes (registering a schema, changing a compatibility level) need the HTTP Basic credentials
     * {@code writerUserInfo} ({@code user:password}, what Confluent clients send from {@code basic.auth.user.info});
     * empty: anyone may write. Reads stay open. Not yet started.
     */
    public EmbeddedSchemaRegistry(String bootstrapServers, String host, int port, Optional<String> writerUserInfo) {
        writerUserInfo.filter(info -> info.indexOf(':') < 1).ifPresent(info -> {
            throw new IllegalArgumentException("The registry writer's credentials are user:password");
        });
        this.host = host;
        this.port = port;
        this.store = new KafkaSchemaStore(bootstrapServers);
        this.writerUserInfo = writerUserInfo;
    }

    /** Reads the {@code _schemas} topic to the end, then starts answering HTTP. */
    public EmbeddedSchemaRegistry start() {
        try {
            store.start();
            SchemaRegistryRoutes routes = new SchemaRegistryRoutes(store, writerUserInfo, change -> listener.accept(change));
            app = Javalin.create(config -> {
                config.jetty.host = host;
                config.jetty.port = port;
                config.startup.showJavalinBanner = false;
                routes.addTo(config.routes);
            }).start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (writerUserInfo.isPresent()) {
            log.info("Schema registry listening at {}; writes need the credentials of user '{}', reads are open", url(),
                    writerUserInfo.get().substring(0, writerUserInfo.get().indexOf(':')));
        } else {
            log.info("Schema registry listening at {}; anyone who reaches it may register schemas and change compatibility"
                    + " (development; set SCHEMA_REGISTRY_USER_INFO to require credentials)", url());
        }
        return this;
    }

    /**
     * Tells {@code listener} of every schema registered, level set and write refused, on the thread of the request:
     * it must return quickly (and never call the registry back on that thread).
     */
    public void onChange(Consumer<RegistryChange> listener) {
        this.listener = listener;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}; the actual port once started. */
    public String url() {
        String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + reachable + ":" + (app != null ? app.port() : port);
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
        store.close();
    }
}
