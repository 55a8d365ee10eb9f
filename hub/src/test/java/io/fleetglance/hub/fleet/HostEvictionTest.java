package io.fleetglance.hub.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.hub.store.GroupCommit;
import io.fleetglance.hub.store.Retention;
import io.fleetglance.hub.store.SqliteStore;
import io.fleetglance.hub.store.StoreSettings;
import io.fleetglance.proto.Sample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [fleet] forget_after}: a host gone longer than that leaves the fleet and the store; a connected one stays. */
class HostEvictionTest {

    @TempDir
    Path dir;

    @Test
    void forgetsHostsSilentLongerThanForgetAfter() throws Exception {
        GlancesConfig config = GlancesConfig.parse("hub.conf", List.of("[fleet]", "forget_after=2h"));
        Optional<Duration> after = StoreSettings.from(config).forgetAfter();
        assertEquals(Optional.of(Duration.ofHours(2)), after);
        Clock then = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        try (SqliteStore store = SqliteStore.open(dir, then)) {
            GroupCommit commits = new GroupCommit(store, Duration.ofMillis(20), Retention.DEFAULT, () -> 0).start();
            try {
                HostRegistry registry = new HostRegistry(GlancesPlugins.catalogue(), config, 10, then, commits, Integer.MAX_VALUE,
                        NameBindings.inMemory());
                Host old = TestHosts.attach(registry, "old");
                Host live = TestHosts.attach(registry, "live");
                registry.ingest(old, Sample.newBuilder().setSeq(1).setWallTimeUs(1).build());
                registry.ingest(live, Sample.newBuilder().setSeq(1).setWallTimeUs(1).build());
                old.detach(old.link());
                CountDownLatch durable = new CountDownLatch(1);
                registry.afterDurable(durable::countDown);
                assertTrue(durable.await(10, TimeUnit.SECONDS));
                assertEquals(2, store.hosts().size());

                Clock later = Clock.offset(then, Duration.ofHours(3));
                new HostEviction(registry, after, later).check();
                assertEquals(List.of("live"), registry.hosts().stream().map(Host::name).toList());
                assertEquals(List.of("live"), store.hosts().stream().map(s -> s.name()).toList());
            } finally {
                commits.close();
            }
        }
    }
}
