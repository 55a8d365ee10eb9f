package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Amp;
import io.fleetglance.proto.AmpsReading;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessTable;
import io.fleetglance.proto.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmpsDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long TWO_S = 2_000_000_000L;

    private final AmpsDerivation amps = new AmpsDerivation(Readings.spec("amps"), GlancesConfig.empty());

    /** The reference machine's six shipped AMPs, all disabled, 21.86 s after Glances started. */
    private static List<Amp> shipped() {
        return List.of(
                Amp.newBuilder().setName("Dropbox").setRefresh(3).setTimer(21.861942291259766).setCountmin(1)
                        .setRegex(true).build(),
                Amp.newBuilder().setName("Python").setRefresh(3).setTimer(21.86185574531555).setCountmax(20)
                        .setRegex(true).setCountingOnly(true).build(),
                Amp.newBuilder().setName("Conntrack").setRefresh(30).setTimer(21.861775159835815).build(),
                Amp.newBuilder().setName("Nginx").setRefresh(60).setTimer(21.86143469810486).setRegex(true).build(),
                Amp.newBuilder().setName("Systemd").setRefresh(30).setTimer(21.860999584197998).setRegex(true)
                        .build(),
                Amp.newBuilder().setName("SystemV").setRefresh(30).setTimer(21.86055612564087).setRegex(true)
                        .build());
    }

    private static Sample sample(long monoNs, ProcessTable table, Amp... reading) {
        Sample.Builder sample = sampleAt(monoNs).setAmps(AmpsReading.newBuilder().addAllAmps(List.of(reading)));
        if (table != null) {
            sample.setProcesses(table);
        }
        return sample.build();
    }

    /** postgres (pid 1500) with {@code ticks} of CPU and 256 MiB resident, on a 4 GiB machine. */
    private static ProcessTable postgres(long ticks) {
        return ProcessTable.newBuilder().setClockTicks(100).setPageSize(4096).setMemTotal(4_294_967_296L)
                .addProcesses(Process.newBuilder().setPid(1500).setStartTime(3456).setName("postgres")
                        .setUtime(ticks).setStime(0).setRss(268_435_456L))
                .build();
    }

    private static Amp.Builder counting(double timer) {
        return Amp.newBuilder().setName("Postgres").setEnabled(true).setRefresh(4).setTimer(timer).setRegex(true)
                .setCountingOnly(true).setCount(1).addPids(1500);
    }

    @Test
    void listsDisabledAmpsAsTheReferenceGlancesDoes() {
        JsonNode expected = GlancesSamples.read("amps.json");

        JsonNode stats = amps.derive(sample(0, null, shipped().toArray(Amp[]::new))).orElseThrow();

        assertEquals(expected, stats);
    }

    @Test
    void writesTheDefaultResultOfACountingAmpWhenItRefreshes() throws Exception {
        String first = amps.derive(sample(0, postgres(1_000), counting(0.0).build())).orElseThrow()
                .get(0).get("result").asText();
        String between = amps.derive(sample(TWO_S, postgres(1_050), counting(2.0).build())).orElseThrow()
                .get(0).get("result").asText();
        // 100 ticks (1 s of CPU) in the 2 s since the previous sample: 50 %; 256 MiB of 4 GiB: 6.25 %.
        JsonNode refreshed = amps.derive(sample(2 * TWO_S, postgres(1_150), counting(0.0).build())).orElseThrow();

        assertEquals("CPU: 0.0% | MEM: 6.2%", first);
        assertEquals("CPU: 0.0% | MEM: 6.2%", between);
        assertEquals(MAPPER.readTree("""
                [{"key":"name","name":"Postgres","result":"CPU: 50.0% | MEM: 6.2%","refresh":4.0,"timer":0.0,
                  "count":1,"countmin":null,"countmax":null,"regex":true}]
                """), refreshed);
    }

    @Test
    void givesNoResultToAnAmpWhoseCommandTheAgentDoesNotRun() {
        Amp dropbox = counting(0.0).setName("Dropbox").setCountingOnly(false).build();

        JsonNode stats = amps.derive(sample(0, postgres(1_000), dropbox)).orElseThrow();

        assertTrue(stats.get(0).get("result").isNull());
    }

    @Test
    void saysNoRunningProcessBelowCountminUntilTheNextRefresh() {
        Amp gone = counting(7.0).setCountmin(1).setCount(0).clearPids().build();

        String missing = amps.derive(sample(0, postgres(1_000), gone)).orElseThrow().get(0).get("result").asText();
        String back = amps.derive(sample(TWO_S, postgres(1_000), counting(9.0).setCountmin(1).build()))
                .orElseThrow().get(0).get("result").asText();
        String refreshed = amps.derive(sample(2 * TWO_S, postgres(1_000), counting(0.0).setCountmin(1).build()))
                .orElseThrow().get(0).get("result").asText();

        assertEquals("No running process", missing);
        assertEquals("No running process", back);
        assertEquals("CPU: 0.0% | MEM: 6.2%", refreshed);
    }

    @Test
    void leavesTheResultAloneWithoutMatchesWhenCountminIsNotSet() {
        JsonNode stats = amps.derive(sample(0, null, counting(3.0).setCount(0).clearPids().build())).orElseThrow();

        assertTrue(stats.get(0).get("result").isNull());
    }

    @Test
    void answersAnEmptyListWithoutAmps() throws Exception {
        assertEquals(MAPPER.readTree("[]"), amps.derive(sample(0, null)).orElseThrow());
    }

    @Test
    void derivesNothingWithoutAReadingOrWhenDisabled() {
        assertTrue(amps.derive(sampleAt(0).build()).isEmpty());
        assertTrue(new AmpsDerivation(Readings.spec("amps"), GlancesConfig.parse("t", List.of("[amps]", "disable=True")))
                .derive(sample(0, null)).isEmpty());
    }

    @Test
    void formatsOneDecimalAsPython() {
        assertEquals("0.2", AmpsDerivation.oneDecimal(0.25));
        assertEquals("0.3", AmpsDerivation.oneDecimal(0.35));
        assertEquals("0.1", AmpsDerivation.oneDecimal(0.05));
        assertEquals("12.0", AmpsDerivation.oneDecimal(12));
    }
}
