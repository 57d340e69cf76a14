package com.scoville.service.it;

import com.scoville.service.ScovilleService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** A test class that shares one embedded stack (broker, registry, Streams, HTTP) among its tests. */
abstract class SharedStack {
    @TempDir
    static Path dataDir;
    static ScovilleService service;
    static Http http;

    @BeforeAll
    static void startStack() {
        // stock alerts looked for every second, so a test sees one in seconds
        service = Stack.embedded(dataDir, Map.of("ALERT_CHECK_INTERVAL", "PT1S"));
        http = new Http(service.httpUrl());
    }

    @AfterAll
    static void stopStack() {
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
