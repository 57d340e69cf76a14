package com.scoville.bench.twin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of a PostgreSQL server, which runs as processes of its own beside this JVM: the postmaster (its pid is the
 * first line of {@code postmaster.pid} in the data folder), every process it forked that still runs (backends, WAL
 * writer, checkpointer, ...), and, through the postmaster's {@code cutime}/{@code cstime}, the ones that ended.
 * Read from {@code /proc/<pid>/stat}; -1 where there is no /proc.
 */
final class PostgresCpu {
    /** Clock ticks per second of /proc's times: 100 on every Linux that x86-64 binaries of PostgreSQL run on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private final Path dataDir;

    PostgresCpu(Path dataDir) {
        this.dataDir = dataDir;
    }

    long nanos() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long ticks = ticks(postmaster);
            if (ticks < 0) {
                return -1;
            }
            try (Stream<Path> all = Files.list(PROC)) {
                List<Path> pids = all.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
                for (Path pid : pids) {
                    long[] stat = stat(pid.resolve("stat"));
                    if (stat != null && stat[0] == postmaster) {
                        ticks += stat[1] + stat[2] + stat[3] + stat[4];
                    }
                }
            }
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A process's own CPU and that of its children that ended (backends of closed connections, for the postmaster). */
    private static long ticks(long pid) {
        long[] stat = stat(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return stat == null ? -1 : stat[1] + stat[2] + stat[3] + stat[4];
    }

    /** {ppid, utime, stime, cutime, cstime} of one /proc/<pid>/stat, or null when the process is gone. */
    static long[] stat(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        return parse(text);
    }

    /** The fields after the command name, which is in parentheses and may itself hold spaces or parentheses. */
    static long[] parse(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] state, f[1] ppid, ... f[11] utime, f[12] stime, f[13] cutime, f[14] cstime
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
