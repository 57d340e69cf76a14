package com.scoville.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tasks' local state across a restart. Under exactly-once a task keeps a checkpoint only when it is closed
 * cleanly; after {@code kill -9} Kafka Streams opens every task's stores at start, finds no checkpoint, and wipes
 * and restores each one (seconds of opening RocksDB for nothing on a busy machine). A clean close leaves a mark;
 * a start that finds none deletes the task folders first, which is what Streams would do, only sooner. The global
 * stores' folder is kept: they checkpoint as they go and need no wipe.
 * <p>
 * The state also names the Kafka cluster it was copied from. On another one (a new broker, a wiped cluster) every
 * store is read past the end of its topics: Kafka Streams wipes the tasks, but its global thread fails for good
 * (OffsetOutOfRange) and the instance is never ready. A start on another cluster deletes all of it first.
 */
public final class LocalTaskState {
    private static final Logger log = LoggerFactory.getLogger(LocalTaskState.class);
    /** The file a clean close leaves in the application's state folder. */
    public static final String CLEAN_STOP_MARK = ".scoville-clean-stop";
    /** The file naming the cluster the state was copied from (its id), in the application's state folder. */
    public static final String CLUSTER_MARK = ".scoville-cluster-id";
    private static final String GLOBAL_FOLDER = "global";
    private static final Pattern TASK_FOLDER = Pattern.compile("\\d+_\\d+");

    private LocalTaskState() { }

    /**
     * Before Kafka Streams starts in {@code appStateDir}: the task folders are deleted unless the last stop was clean,
     * and the mark is taken away, so that a stop from now on counts as unclean until it is shown clean. Returns the
     * folders deleted.
     */
    public static int forgetUnlessStoppedCleanly(Path appStateDir) {
        Path mark = appStateDir.resolve(CLEAN_STOP_MARK);
        try {
            if (Files.deleteIfExists(mark) || !Files.isDirectory(appStateDir)) {
                return 0;
            }
            List<Path> tasks = deleteFolders(appStateDir, false);
            if (!tasks.isEmpty()) {
                log.info("The last stop was not clean: the local state of {} tasks is restored from the changelogs (exactly-once keeps no checkpoint of it)",
                        tasks.size());
            }
            return tasks.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the local state in " + appStateDir, e);
        }
    }

    /**
     * Before Kafka Streams starts in {@code appStateDir} on the cluster {@code clusterId}: if the state there was copied
     * from another cluster, the tasks' and the global stores' folders are deleted (read again from this cluster's
     * topics). The folder is then marked as this cluster's. Whether anything was deleted.
     */
    public static boolean forgetIfCopiedFromAnotherCluster(Path appStateDir, String clusterId) {
        Path mark = appStateDir.resolve(CLUSTER_MARK);
        try {
            String before = Files.isRegularFile(mark) ? Files.readString(mark).trim() : null;
            boolean another = before != null && !before.equals(clusterId);
            List<Path> stores = List.of();
            if (another) {
                stores = deleteFolders(appStateDir, true);
                log.warn("The local state in {} was copied from Kafka cluster {}, and this is cluster {} (a new broker, or its data was "
                        + "wiped): its {} store folders are deleted and read again from this cluster's topics", appStateDir, before, clusterId,
                        stores.size());
            }
            Files.createDirectories(appStateDir);
            Files.writeString(mark, clusterId);
            return !stores.isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the local state in " + appStateDir, e);
        }
    }

    /** Deletes the tasks' folders in {@code appStateDir}, and the global stores' too if asked; the folders deleted. */
    private static List<Path> deleteFolders(Path appStateDir, boolean global) throws IOException {
        List<Path> folders;
        try (Stream<Path> children = Files.list(appStateDir)) {
            folders = children.filter(Files::isDirectory).filter(p -> TASK_FOLDER.matcher(p.getFileName().toString()).matches()
                    || global && p.getFileName().toString().equals(GLOBAL_FOLDER)).toList();
        }
        for (Path folder : folders) {
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return folders;
    }

    /** After Kafka Streams closed cleanly (every task checkpointed). */
    public static void markCleanStop(Path appStateDir) {
        try {
            if (Files.isDirectory(appStateDir)) {
                Files.writeString(appStateDir.resolve(CLEAN_STOP_MARK), "");
            }
        } catch (IOException e) {
            log.warn("Cannot mark the clean stop in {}: the next start restores every task", appStateDir, e);
        }
    }
}
