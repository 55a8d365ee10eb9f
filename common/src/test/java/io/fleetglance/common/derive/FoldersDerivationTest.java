package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Folder;
import io.fleetglance.proto.FoldersReading;
import io.fleetglance.proto.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldersDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode derive(Folder... folders) {
        Sample sample = sampleAt(0).setFolders(FoldersReading.newBuilder().addAllFolders(List.of(folders))).build();
        return new FoldersDerivation(Readings.spec("folders"), GlancesConfig.empty()).derive(sample).orElseThrow();
    }

    @Test
    void listsEachFolderInGlancesKeyOrder() throws Exception {
        JsonNode stats = derive(
                Folder.newBuilder().setIndice("1").setPath("/var/log").setSize(5_368_709_120L).setRefresh(30)
                        .setCareful(100).setWarning(250.5).setCritical(1000).build(),
                Folder.newBuilder().setIndice("3").setPath("/root/private").setSize(0).setErrno(13).setRefresh(600)
                        .build());

        assertEquals(MAPPER.readTree("""
                [{"indice":"1","path":"/var/log","refresh":30,"careful":"100","warning":"250.5",
                  "critical":"1000","key":"path","size":5368709120,"errno":0},
                 {"indice":"3","path":"/root/private","refresh":600,"careful":null,"warning":null,"critical":null,
                  "key":"path","size":0,"errno":13}]
                """), stats);
    }

    @Test
    void answersAnEmptyListWithoutFolders() throws Exception {
        assertEquals(MAPPER.readTree("[]"), derive());
    }

    @Test
    void derivesNothingWithoutAReadingOrWhenDisabled() {
        Sample withFolders = sampleAt(0).setFolders(FoldersReading.newBuilder()).build();

        assertTrue(new FoldersDerivation(Readings.spec("folders"), GlancesConfig.empty()).derive(sampleAt(0).build()).isEmpty());
        assertTrue(new FoldersDerivation(Readings.spec("folders"), GlancesConfig.parse("t", List.of("[folders]", "disable=True")))
                .derive(withFolders).isEmpty());
    }
}
