package io.fleetglance.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.UptimeReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [fleet] ack_seconds}: a stream's samples are acknowledged at most that often, each ack covering every sample
 * up to its seq, and never before they are durable.
 */
class AckCoalescingTest {

    private static HubSettings ackSeconds(String value) {
        return HubSettings.loopback().withConfig(GlancesConfig.parse("glances.conf",
                List.of("[fleet]", "ack_seconds=" + value)));
    }

    private static Sample sample(long seq) {
        return Sample.newBuilder().setSeq(seq).setWallTimeUs(seq * 1_000_000).setMonoTimeNs(seq * 1_000_000_000L)
                .setUptime(UptimeReading.newBuilder().setSeconds(seq)).build();
    }

    @Test
    void samplesInOneIntervalAreAcknowledgedTogetherAndTheFirstAtOnce() throws Exception {
        try (Hub hub = Hub.start(ackSeconds("2"));
                DeltaSamplesTest.Stream stream = new DeltaSamplesTest.Stream(hub, "coalesced")) {
            long t0 = System.nanoTime();
            stream.send(sample(1));
            assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> stream.acked(1)), "the first sample at once");
            double first = (System.nanoTime() - t0) / 1e9;
            for (long seq = 2; seq <= 5; seq++) {
                stream.send(sample(seq));
            }
            assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> stream.acked(5)), "the others within the interval");
            double rest = (System.nanoTime() - t0) / 1e9;
            assertEquals(List.of(1L, 5L), stream.acks(), "one ack for the first sample, one for the four after it");
            assertTrue(first < 1.5, "the first ack came after " + first + " s");
            assertTrue(rest >= 1.5, "the second ack waited for the interval: it came after " + rest + " s");
            assertEquals(5, hub.registry().find("coalesced").orElseThrow().lastSeq());
        }
    }

    @Test
    void zeroAcknowledgesEachSample() throws Exception {
        try (Hub hub = Hub.start(ackSeconds("0"));
                DeltaSamplesTest.Stream stream = new DeltaSamplesTest.Stream(hub, "each")) {
            for (long seq = 1; seq <= 5; seq++) {
                stream.send(sample(seq));
            }
            assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> stream.acked(5)), "every sample acknowledged");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), stream.acks());
        }
    }

    @Test
    void withAStoreTheAckStillWaitsForDurability(@TempDir Path state) throws Exception {
        try (Hub hub = Hub.start(ackSeconds("1").withStateDir(state));
                DeltaSamplesTest.Stream stream = new DeltaSamplesTest.Stream(hub, "durable")) {
            for (long seq = 1; seq <= 3; seq++) {
                stream.send(sample(seq));
            }
            assertTrue(TestHttp.await(Duration.ofSeconds(10), () -> stream.acked(3)), "acknowledged: " + stream.acks());
            assertTrue(hub.registry().durableSeq(hub.registry().find("durable").orElseThrow()) >= 3,
                    "every acknowledged sample is in the store");
        }
        assertTrue(Files.list(state).findAny().isPresent(), "the hub kept a store in its state dir");
    }

    @Test
    void anIntervalOutOfRangeIsRefusedSayingWhich() {
        for (String bad : List.of("-1", "61")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IngestLimits.from(ackSeconds(bad).config()));
            assertTrue(e.getMessage().contains("[fleet] ack_seconds must be from 0 to 60"), e.getMessage());
        }
    }
}
