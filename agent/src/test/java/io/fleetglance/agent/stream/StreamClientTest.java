package io.fleetglance.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetglance.proto.AgentMessage;
import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.Sample;
import io.fleetglance.proto.SystemReading;
import org.junit.jupiter.api.Test;

class StreamClientTest {

    @Test
    void wrapsTheOutboxBytesAsTheMessageTheHubParses() throws Exception {
        for (int padding : new int[] {0, 100, 200_000}) {
            Sample sample = Sample.newBuilder().setSeq(9).setWallTimeUs(1_795_000_000_000_000L)
                    .setSystem(SystemReading.newBuilder().setOs(OsFacts.newBuilder().setHostname("h".repeat(padding))))
                    .build();
            AgentMessage expected = AgentMessage.newBuilder().setSample(sample).build();
            assertEquals(expected.toByteString(), StreamClient.sampleMessage(sample.toByteString()));
            assertEquals(sample, AgentMessage.parseFrom(StreamClient.sampleMessage(sample.toByteString())).getSample());
        }
    }
}
