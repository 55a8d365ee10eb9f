package io.fleetglance.hub.ingest;

import io.fleetglance.common.config.GlancesConfig;
import java.time.Duration;

/**
 * What the ingest port allows, from glances.conf's {@code [fleet]} section: how many hosts, how fast one address may
 * open streams, how large a message may be, and how soon a silent connection is dropped.
 *
 * @param maxHosts         {@code max_hosts}: new names are refused beyond it; known hosts always reconnect
 * @param helloBurst       {@code hello_burst}: Hellos one source address may send at once
 * @param helloPerSecond   {@code hello_rate}: Hellos per second one source address may send after its burst
 * @param keepAliveTime    {@code keepalive_seconds}: silence after which the hub pings an agent's connection
 * @param keepAliveTimeout {@code keepalive_timeout_seconds}: how long that ping may go unanswered before the
 *                         connection is closed and its host name released
 * @param maxMessageBytes  the largest message an agent may send (4 MiB: a sample of a host with thousands of
 *                         processes is a few hundred KiB)
 * @param ackEvery         {@code ack_seconds}: how often at most a stream's samples are acknowledged (an ack covers
 *                         every sample up to its seq); zero acknowledges each sample once it is durable
 */
public record IngestLimits(int maxHosts, int helloBurst, double helloPerSecond, Duration keepAliveTime,
        Duration keepAliveTimeout, int maxMessageBytes, Duration ackEvery) {

    public static final int DEFAULT_MAX_HOSTS = 10_000;
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /**
     * Each ack wakes the agent's reader (and writes its durable outbox's acked mark): at a sample a second, acks
     * every 5 s cost an agent a fifth of the wake-ups, and it holds five samples more until they are acknowledged.
     */
    public static final double DEFAULT_ACK_SECONDS = 5;

    public IngestLimits {
        require(maxHosts >= 1, "max_hosts must be at least 1, got " + maxHosts);
        require(helloBurst >= 1, "hello_burst must be at least 1, got " + helloBurst);
        require(helloPerSecond > 0, "hello_rate must be above 0, got " + helloPerSecond);
        require(keepAliveTime.toMillis() >= 1000, "keepalive_seconds must be at least 1");
        require(keepAliveTimeout.toMillis() >= 1000, "keepalive_timeout_seconds must be at least 1");
        // an agent's outbox holds 900 samples by default: 60 s of samples at 0.1 s are 600
        require(!ackEvery.isNegative() && ackEvery.toMillis() <= 60_000,
                "ack_seconds must be from 0 to 60, got " + ackEvery.toMillis() / 1000.0);
    }

    /** The limits of {@code [fleet]}, each key falling back to its default. */
    public static IngestLimits from(GlancesConfig config) {
        return new IngestLimits(
                config.getInt("fleet", "max_hosts", DEFAULT_MAX_HOSTS),
                config.getInt("fleet", "hello_burst", 50),
                config.getDouble("fleet", "hello_rate", 10),
                seconds(config.getDouble("fleet", "keepalive_seconds", 20)),
                seconds(config.getDouble("fleet", "keepalive_timeout_seconds", 10)),
                MAX_MESSAGE_BYTES,
                seconds(config.getDouble("fleet", "ack_seconds", DEFAULT_ACK_SECONDS)));
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("[fleet] " + message);
        }
    }
}
