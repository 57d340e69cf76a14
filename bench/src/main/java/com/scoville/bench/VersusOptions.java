package com.scoville.bench;

import com.scoville.bench.twin.RelationalTwin;
import picocli.CommandLine.Option;

/** The options of a run compared with the relational twin: which engine, and its pool. */
public final class VersusOptions {
    /** The engines a run can be compared with. */
    enum Engine { postgres }

    @Option(names = "--versus", paramLabel = "ENGINE",
            description = "After the Scoville run, the same load (same generator, buyers and stock) against the seed's relational design on a real"
                    + " PostgreSQL started here; the report gains versus{...} and ratios{...}. Engines: ${COMPLETION-CANDIDATES}.")
    Engine engine;

    @Option(names = "--twin-pool", defaultValue = "" + RelationalTwin.DEFAULT_POOL_SIZE,
            description = "Connections in the relational twin's pool (default: ${DEFAULT-VALUE}).")
    int pool;

    boolean wanted() {
        return engine != null;
    }
}
