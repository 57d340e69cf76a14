package com.scoville.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reruns an {@code --embedded} run in a child JVM that stops at C1, unless the caller chose a JIT mode.
 * Broker, Kafka Streams, Jetty and the load generator then share one fresh JVM, where C2 keeps compiling
 * for minutes: a one-minute run with the default tiered JIT mostly measures the compiler.
 */
final class JitFork {
    private static final String STOP_AT_LEVEL = "-XX:TieredStopAtLevel=";
    static final String C1_ONLY = STOP_AT_LEVEL + "1";

    private JitFork() {
    }

    /** Whether to fork: an embedded run whose caller named no JIT mode. */
    static boolean wanted(String[] args, List<String> jvmArguments) {
        boolean embedded = Arrays.asList(args).contains("--embedded");
        boolean jitChosen = jvmArguments.stream().anyMatch(a -> a.startsWith(STOP_AT_LEVEL)
                || a.equals("-XX:-TieredCompilation") || a.equals("-XX:+TieredCompilation"));
        return embedded && !jitChosen;
    }

    /** Whether a JVM started with these arguments never compiles with C2 (tiered, stopped below level 4). */
    static boolean withoutC2(List<String> jvmArguments) {
        boolean untiered = jvmArguments.contains("-XX:-TieredCompilation");
        return !untiered && jvmArguments.stream().filter(a -> a.startsWith(STOP_AT_LEVEL))
                .reduce((first, last) -> last) // the JVM takes the last occurrence
                .map(a -> !a.equals(STOP_AT_LEVEL + "4"))
                .orElse(false);
    }

    /** Runs the same command in a child JVM with {@link #C1_ONLY} and the same JVM arguments; its exit code. */
    static int run(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add(C1_ONLY);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchMain.class.getName());
        command.addAll(Arrays.asList(args));
        System.out.println("Embedded run: starting it in a JVM with " + C1_ONLY
                + " (C1 only; pass any -XX:TieredStopAtLevel or -XX:-TieredCompilation to choose the JIT yourself)");
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        return child.waitFor();
    }
}
