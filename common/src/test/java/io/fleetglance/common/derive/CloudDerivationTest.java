package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.CloudReading;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CloudDerivation cloud = new CloudDerivation(Readings.spec("cloud"), GlancesConfig.empty());

    @Test
    void namesTheInstanceAndItsPlatform() throws Exception {
        CloudReading ec2 = CloudReading.newBuilder().setId("ami-0c1a7f89451184c8b").setName("i-0b22a22eec53b9321")
                .setType("t3.micro").setRegion("eu-west-3a").setPlatform("Amazon EC2").build();

        assertEquals(MAPPER.readTree("""
                {"id":"ami-0c1a7f89451184c8b","name":"i-0b22a22eec53b9321","type":"t3.micro",
                 "region":"eu-west-3a","platform":"Amazon EC2"}
                """), cloud.derive(sampleAt(0).setCloud(ec2).build()).orElseThrow());
    }

    @Test
    void leavesOutTheKeysTheServiceDidNotAnswer() throws Exception {
        CloudReading openstack = CloudReading.newBuilder().setName("web-01").setRegion("nova")
                .setPlatform("OpenStack").build();

        assertEquals(MAPPER.readTree("{\"name\":\"web-01\",\"region\":\"nova\",\"platform\":\"OpenStack\"}"),
                cloud.derive(sampleAt(0).setCloud(openstack).build()).orElseThrow());
    }

    @Test
    void answersAnEmptyObjectWhileNothingIsKnown() throws Exception {
        assertEquals(MAPPER.readTree("{}"),
                cloud.derive(sampleAt(0).setCloud(CloudReading.getDefaultInstance()).build()).orElseThrow());
    }

    @Test
    void derivesNothingWithoutAReadingOrWhenDisabled() {
        assertTrue(cloud.derive(sampleAt(0).build()).isEmpty());
        assertTrue(new CloudDerivation(Readings.spec("cloud"), GlancesConfig.parse("t", List.of("[cloud]", "disable=True")))
                .derive(sampleAt(0).setCloud(CloudReading.getDefaultInstance()).build()).isEmpty());
    }
}
