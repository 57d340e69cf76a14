package com.scoville.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting local state: a folder with all it holds, or only what it holds. */
final class Folders {
    private Folders() { }

    static void deleteTree(Path root) throws IOException {
        deleteUnder(root, true);
    }

    /** Everything inside {@code folder}, which itself stays. */
    static void empty(Path folder) throws IOException {
        deleteUnder(folder, false);
    }

    private static void deleteUnder(Path root, boolean withRoot) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).filter(p -> withRoot || !p.equals(root)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
