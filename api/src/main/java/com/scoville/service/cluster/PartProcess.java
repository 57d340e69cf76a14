package com.scoville.service.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

/**
 * One part of a local cluster (a broker, the registry, a service instance) as a child JVM running this same
 * class path; it can be stopped, killed with SIGKILL and started again with the same folders and ports.
 */
public final class PartProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path logFile;
    private final String readyLine;
    private Process process;
    /** How far the log has been searched for {@link #readyLine} since the latest start. */
    private long searchedUpTo;
    private boolean sawReadyLine;

    /**
     * A part run as {@code java <jvmOptions> -cp <this class path> com.scoville.service.Main <mainArgs>}; it is ready
     * once its output (kept in {@code logFile}) shows {@code readyLine} after its latest start.
     */
    PartProcess(String name, List<String> jvmOptions, List<String> mainArgs, Map<String, String> env, Path logFile, String readyLine) {
        this.name = name;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("com.scoville.service.Main");
        cmd.addAll(mainArgs);
        this.command = List.copyOf(cmd);
        this.env = Map.copyOf(env);
        this.logFile = logFile;
        this.readyLine = readyLine;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the process (its output appended to its log file); it is not ready yet. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            searchedUpTo = Files.exists(logFile) ? Files.size(logFile) : 0;
            sawReadyLine = false;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether it is running and has said it is ready since its latest start. */
    public synchronized boolean isReady() {
        if (!isAlive()) {
            return false;
        }
        if (!sawReadyLine) {
            sawReadyLine = logShowsReadyLine();
        }
        return sawReadyLine;
    }

    /** Searches the log written since the last look (and a line's length before it, for a line cut in two). */
    private boolean logShowsReadyLine() {
        try (RandomAccessFile log = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(0, searchedUpTo - readyLine.length());
            long length = log.length();
            if (length <= from) {
                return false;
            }
            byte[] fresh = new byte[(int) Math.min(length - from, 16 * 1024 * 1024)];
            log.seek(from);
            log.readFully(fresh);
            searchedUpTo = from + fresh.length;
            return new String(fresh, StandardCharsets.UTF_8).contains(readyLine);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until the part is ready; returns how long that took, or throws if it died or did not get ready
     * in {@code timeout}.
     */
    public Duration awaitReady(Duration timeout) {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        while (!isReady()) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited before it was ready; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile);
            }
            pause();
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** SIGKILL: no goodbye to the group, no flush, no checkpoint. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM, then waits for the clean shutdown (SIGKILL after {@code grace}). */
    public synchronized void stop(Duration grace) {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(30));
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Readiness is polled: a child process has no other way to tell us. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a part to get ready", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
