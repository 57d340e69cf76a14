package com.scoville.service.it.fuzz;

import java.util.List;
import java.util.Map;

/**
 * Values the service knows, so that some fuzzed requests get past the first lookup: catalog SKUs, ids of
 * orders and holds that exist, file names it serves, store names. Keyed by the parameter or field name.
 */
public record Known(Map<String, List<String>> byName) {

    public List<String> of(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
