package com.scoville.bench.twin;

import com.scoville.bench.Folders;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The relational twin Scoville is measured against: a real PostgreSQL server (the binaries zonky ships in a jar, in a
 * fresh data folder, fsync and synchronous_commit on: every commit is on disk before it is answered), the seed's
 * schema with the same catalog and stock as the Scoville run, and {@code POST /v1/orders} on Javalin (the service's
 * HTTP stack) that reserves in one transaction and answers the final status. See {@link OrderDesk} for the transaction.
 */
public final class RelationalTwin implements AutoCloseable {
    /**
     * Connections in the pool, chosen in short runs on the 2-core build machine (64 requests in flight; the machine
     * was shared, so the figures are rough; docs/performance.md, 2026-12-01): 4, 8, 16 and 32 gave 681, 1 057, 1 427
     * and 1 065 flash-sale orders/s, and 369, 418, 382 and 377 intake orders/s (p99 480, 484, 650 and 987 ms).
     * 16 is best on the hot SKU, where once it is sold out most transactions only read and the rest queue on its row
     * lock through their commit's WAL flush, and within the noise of 8 on intake; past 16 the backends only switch.
     */
    public static final int DEFAULT_POOL_SIZE = 16;

    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final HikariDataSource pool;
    private final Javalin http;
    private final PostgresCpu cpu;
    private final Map<String, String> settings;
    private final int poolSize;

    private RelationalTwin(Path dir, EmbeddedPostgres postgres, HikariDataSource pool, Javalin http, Map<String, String> settings,
                           int poolSize) {
        this.dir = dir;
        this.postgres = postgres;
        this.pool = pool;
        this.http = http;
        this.cpu = new PostgresCpu(dir.resolve("pgdata"));
        this.settings = settings;
        this.poolSize = poolSize;
    }

    /** Starts PostgreSQL, creates and seeds the schema, and serves HTTP on a free port of 127.0.0.1. */
    public static RelationalTwin start(TwinSeed seed, int poolSize) throws IOException, SQLException {
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("The pool holds 1 to 200 connections, not " + poolSize);
        }
        Path dir = Files.createTempDirectory("scoville-twin-");
        EmbeddedPostgres postgres = null;
        HikariDataSource pool = null;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("pgdata"))
                    .setCleanDataDirectory(true)
                    // zonky's defaults turn durability off (-F, synchronous_commit=off); the design under test commits durably
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", String.valueOf(poolSize + 10))
                    .start();
            pool = pool(postgres.getJdbcUrl("postgres", "postgres"), poolSize);
            Map<String, String> settings;
            try (Connection c = pool.getConnection()) {
                settings = settings(c);
                TwinSchema.create(c, seed);
                c.commit();
            }
            OrderDesk desk = new OrderDesk(pool, seed.bundles());
            ObjectMapper json = new ObjectMapper();
            TwinRoutes routes = new TwinRoutes(desk, json);
            Javalin http = Javalin.create(config -> {
                config.jetty.host = "127.0.0.1";
                config.jetty.port = 0;
                config.startup.showJavalinBanner = false;
                config.jsonMapper(new JavalinJackson(json, false));
                routes.register(config.routes);
            }).start();
            return new RelationalTwin(dir, postgres, pool, http, settings, poolSize);
        } catch (IOException | SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            Folders.deleteQuietly(dir);
            throw e;
        }
    }

    private static HikariDataSource pool(String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("twin");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // server-side prepared statements from the first use (pgjdbc caches them per connection)
        config.addDataSourceProperty("prepareThreshold", "1");
        return new HikariDataSource(config);
    }

    /** The server's durability settings, checked: a twin that does not commit to disk would be a different design. */
    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes",
                    "shared_buffers", "default_transaction_isolation")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        c.commit();
        if (!"on".equals(settings.get("fsync")) || !"on".equals(settings.get("synchronous_commit"))) {
            throw new IllegalStateException("PostgreSQL must commit durably (fsync and synchronous_commit on): " + settings);
        }
        return settings;
    }

    public String url() {
        return "http://127.0.0.1:" + http.port();
    }

    public int poolSize() {
        return poolSize;
    }

    /** The server's version and durability settings, as SHOW answered them. */
    public Map<String, String> settings() {
        return settings;
    }

    /** CPU time the PostgreSQL server's processes have used so far, in nanoseconds; -1 when it cannot be read. */
    public long serverCpuNanos() {
        return cpu.nanos();
    }

    /** The audit, given every order the bench was answered for and the status it was answered (id → status). */
    public TwinAudit.Result audit(Map<String, String> answered) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return TwinAudit.run(c, answered);
        }
    }

    /** Runs {@code sql} and returns its first column as longs (tests read the tables with it). */
    public List<Long> longs(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            c.rollback();
            return out;
        }
    }

    @Override
    public void close() {
        http.stop();
        pool.close();
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e);
        }
        Folders.deleteQuietly(dir);
    }
}
