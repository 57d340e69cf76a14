package com.scoville.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTaskStateTest {
    @TempDir
    Path app;

    private Path task(String name) throws IOException {
        Path store = Files.createDirectories(app.resolve(name).resolve("rocksdb").resolve("orders-store"));
        Files.writeString(store.resolve("000001.sst"), "data");
        return app.resolve(name);
    }

    @Test
    void shouldForgetTheTasksButNotTheGlobalStoresAfterAnUncleanStop() throws IOException {
        // given the folders a killed instance left: two tasks and the global stores
        Path active = task("1_0");
        Path standby = task("2_5");
        Path global = task("global");
        // when it starts again with no mark of a clean stop
        int forgotten = LocalTaskState.forgetUnlessStoppedCleanly(app);
        // then the tasks are gone (Streams would wipe them), the global stores kept (they checkpoint as they go)
        assertThat(forgotten).isEqualTo(2);
        assertThat(active).doesNotExist();
        assertThat(standby).doesNotExist();
        assertThat(global.resolve("rocksdb").resolve("orders-store").resolve("000001.sst")).exists();
    }

    @Test
    void shouldKeepEverythingAfterACleanStopAndNotTrustTheMarkTwice() throws IOException {
        // given a clean stop
        Path active = task("1_0");
        LocalTaskState.markCleanStop(app);
        // when it starts: everything is kept, and the mark is taken away
        assertThat(LocalTaskState.forgetUnlessStoppedCleanly(app)).isZero();
        assertThat(active.resolve("rocksdb")).exists();
        assertThat(app.resolve(LocalTaskState.CLEAN_STOP_MARK)).doesNotExist();
        // then a kill after that start counts as unclean
        assertThat(LocalTaskState.forgetUnlessStoppedCleanly(app)).isEqualTo(1);
        assertThat(active).doesNotExist();
    }

    @Test
    void shouldStartFreshWhenThereIsNoStateYet() {
        assertThat(LocalTaskState.forgetUnlessStoppedCleanly(app.resolve("never-started"))).isZero();
    }

    @Test
    void shouldForgetEveryStoreCopiedFromAnotherClusterAndMarkTheStateAsThisOnes() throws IOException {
        // given the state of a run on cluster A: a task, a standby and the global stores
        LocalTaskState.forgetIfCopiedFromAnotherCluster(app, "cluster-A");
        Path active = task("1_0");
        Path standby = task("2_5");
        Path global = task("global");

        // when the next start finds cluster B (a new broker, or its data wiped)
        boolean forgotten = LocalTaskState.forgetIfCopiedFromAnotherCluster(app, "cluster-B");

        // then all of it is gone, the global stores too (read past the end of B's topics, their thread would fail)
        assertThat(forgotten).isTrue();
        assertThat(active).doesNotExist();
        assertThat(standby).doesNotExist();
        assertThat(global).doesNotExist();
        assertThat(app.resolve(LocalTaskState.CLUSTER_MARK)).hasContent("cluster-B");
    }

    @Test
    void shouldKeepTheStateOfTheSameClusterAndMarkAFolderWithoutAMark() throws IOException {
        // given state from before the mark existed
        Path active = task("1_0");
        Path global = task("global");

        // when it starts on a cluster, and again on the same one
        boolean first = LocalTaskState.forgetIfCopiedFromAnotherCluster(app, "cluster-A");
        boolean second = LocalTaskState.forgetIfCopiedFromAnotherCluster(app, "cluster-A");

        // then nothing is deleted, and the folder is now cluster A's
        assertThat(first).isFalse();
        assertThat(second).isFalse();
        assertThat(active.resolve("rocksdb").resolve("orders-store").resolve("000001.sst")).exists();
        assertThat(global.resolve("rocksdb").resolve("orders-store").resolve("000001.sst")).exists();
        assertThat(app.resolve(LocalTaskState.CLUSTER_MARK)).hasContent("cluster-A");
    }

    @Test
    void shouldMarkAStateFolderThatDoesNotExistYet() {
        Path fresh = app.resolve("scoville");

        assertThat(LocalTaskState.forgetIfCopiedFromAnotherCluster(fresh, "cluster-A")).isFalse();
        assertThat(fresh.resolve(LocalTaskState.CLUSTER_MARK)).hasContent("cluster-A");
    }
}
