package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cache's own refresh pool never keeps the host's JVM alive and gives its threads back when idle. */
class ResolutionCacheRefreshExecutorTest {
    @Test
    void refreshThreadsAreNamedDaemonsThatEndWhenIdle() throws Exception {
        Executor executor = ResolutionCache.newRefreshExecutor();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        executor.execute(() -> ran.complete(Thread.currentThread()));

        Thread thread = ran.get(10, TimeUnit.SECONDS);
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).startsWith("connections-cache-refresh-");
        assertThat(executor).isInstanceOfSatisfying(ThreadPoolExecutor.class, pool -> {
            assertThat(pool.allowsCoreThreadTimeOut()).isTrue();
            assertThat(pool.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(30);
        });
    }
}
