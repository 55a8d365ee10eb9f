package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.PortCheck;
import io.fleetglance.proto.PortsReading;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static JsonNode derive(PortCheck... checks) {
        Sample sample = sampleAt(0).setPorts(PortsReading.newBuilder().addAllChecks(List.of(checks))).build();
        return new PortsDerivation(Readings.spec("ports"), GlancesConfig.empty()).derive(sample).orElseThrow();
    }

    private static PortCheck.Builder port(int n, int port) {
        return PortCheck.newBuilder().setIndice("port_" + n).setHost("192.168.0.10").setPort(port)
                .setDescription("NAS").setRefresh(30).setTimeout(3);
    }

    private static PortCheck.Builder page(int n) {
        return PortCheck.newBuilder().setIndice("web_" + n).setUrl("https://blog.example.org/")
                .setDescription("blog.example.org").setRefresh(30).setTimeout(3).setSslVerify(true);
    }

    private static List<String> fields(JsonNode element) {
        List<String> names = new ArrayList<>();
        element.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void givesAnOpenPortItsRoundTripInSeconds() throws Exception {
        JsonNode stats = derive(port(1, 445).setRttWarning(0.5).setStatus(PortCheck.Status.OPEN)
                .setRttSeconds(0.000734).build());

        assertEquals(json("""
                [{'host':'192.168.0.10','port':'445','description':'NAS','status':0.000734,'refresh':30,
                  'timeout':3,'rtt_warning':0.5,'indice':'port_1','key':'indice'}]
                """), stats);
    }

    @Test
    void givesAClosedPortFalseAndAnUncheckedOneNullWithoutKey() throws Exception {
        JsonNode stats = derive(port(1, 22).setStatus(PortCheck.Status.CLOSED).build(), port(2, 80).build());

        assertEquals(json("""
                [{'host':'192.168.0.10','port':'22','description':'NAS','status':false,'refresh':30,'timeout':3,
                  'rtt_warning':null,'indice':'port_1','key':'indice'},
                 {'host':'192.168.0.10','port':'80','description':'NAS','status':null,'refresh':30,'timeout':3,
                  'rtt_warning':null,'indice':'port_2'}]
                """), stats);
    }

    @Test
    void listsTheDefaultGatewayInItsOwnKeyOrder() throws Exception {
        JsonNode found = derive(PortCheck.newBuilder().setIndice("port_0").setHost("10.0.2.2").setPort(0)
                .setDescription("DefaultGateway").setRefresh(30).setTimeout(3).setStatus(PortCheck.Status.OPEN)
                .setRttSeconds(0.0042).build()).get(0);
        JsonNode missing = derive(PortCheck.newBuilder().setIndice("port_0").setPort(0)
                .setDescription("DefaultGateway").setRefresh(30).setTimeout(3).build()).get(0);

        assertEquals(json("""
                {'host':'10.0.2.2','port':0,'description':'DefaultGateway','refresh':30,'timeout':3,
                 'status':0.0042,'rtt_warning':null,'indice':'port_0','key':'indice'}
                """), found);
        assertEquals(List.of("host", "port", "description", "refresh", "timeout", "status", "rtt_warning",
                "indice", "key"), fields(found));
        assertTrue(missing.get("host").isNull());
        assertTrue(missing.get("status").isNull());
    }

    @Test
    void givesAnIcmpCheckTheIntegerPortZero() {
        JsonNode ping = derive(port(3, 0).setStatus(PortCheck.Status.CLOSED).build()).get(0);

        assertTrue(ping.get("port").isInt());
        assertEquals(0, ping.get("port").intValue());
    }

    @Test
    void givesAWebPageItsStatusCodeAndElapsedTime() throws Exception {
        JsonNode stats = derive(page(1).setStatus(PortCheck.Status.HTTP).setHttpCode(200).setElapsed(0.183226)
                .setRttWarning(1.0).build(), page(2).setStatus(PortCheck.Status.HTTP_ERROR).setSslVerify(false)
                .build(), page(3).build());

        assertEquals(json("""
                [{'url':'https://blog.example.org/','description':'blog.example.org','status':200,
                  'elapsed':0.183226,'refresh':30,'timeout':3,'rtt_warning':1.0,'indice':'web_1','ssl_verify':true,
                  'proxies':null,'key':'indice'},
                 {'url':'https://blog.example.org/','description':'blog.example.org','status':'Error','elapsed':0,
                  'refresh':30,'timeout':3,'rtt_warning':null,'indice':'web_2','ssl_verify':false,'proxies':null,
                  'key':'indice'},
                 {'url':'https://blog.example.org/','description':'blog.example.org','status':null,'elapsed':0,
                  'refresh':30,'timeout':3,'rtt_warning':null,'indice':'web_3','ssl_verify':true,
                  'proxies':null}]
                """), stats);
    }

    @Test
    void answersAnEmptyListWithoutChecks() throws Exception {
        assertEquals(json("[]"), derive());
    }

    @Test
    void derivesNothingWithoutAReadingOrWhenDisabled() {
        Sample withPorts = sampleAt(0).setPorts(PortsReading.newBuilder()).build();

        assertTrue(new PortsDerivation(Readings.spec("ports"), GlancesConfig.empty()).derive(sampleAt(0).build()).isEmpty());
        assertTrue(new PortsDerivation(Readings.spec("ports"), GlancesConfig.parse("t", List.of("[ports]", "disable=true")))
                .derive(withPorts).isEmpty());
    }
}
