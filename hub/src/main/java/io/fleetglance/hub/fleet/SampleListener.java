package io.fleetglance.hub.fleet;

import io.fleetglance.proto.Sample;

/** Told about every sample a host handled, after its stats and history were updated. */
@FunctionalInterface
public interface SampleListener {
    void onSample(Host host, Sample sample);
}
