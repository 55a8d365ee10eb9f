package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import org.junit.jupiter.api.Test;

class DisplayAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private final HostAlerts host = new HostAlerts(GlancesConfig.shipped(), GlancesPlugins.catalogue(), 2);
    private final DisplayAlerts display = host.display();

    @Test
    void processColoursFollowTheProcesslistSection() {
        JsonNode p = json("{'cpu_percent':75.0,'memory_percent':0.2,'nice':-5,'status':'Z'}");
        assertEquals("WARNING", display.processCpu(p));
        assertEquals("OK", display.processMemory(p));
        assertEquals("WARNING", display.processNice(p), "every non-zero nice is listed as warning");
        assertEquals("DEFAULT", display.processNice(json("{'nice':0}")));
        assertEquals("CRITICAL", display.processStatus(p));
        assertEquals("OK", display.processStatus(json("{'status':'I'}")));
        assertEquals("DEFAULT", display.processStatus(json("{'status':'S'}")));
        assertEquals("WARNING", display.percpu(json("{'user':71.0}"), "user"));
        assertEquals(0, host.events().size(), "display colours never log");
    }

    @Test
    void folderSizeAgainstItsOwnThresholdsInMegabytes() {
        assertEquals("WARNING", display.folder(json("{'size':3500000000,'errno':0,'careful':2500,'warning':3000,"
                + "'critical':4000}")));
        assertEquals("OK", display.folder(json("{'size':3000000000,'errno':0,'careful':null,'warning':3000,"
                + "'critical':null}")), "strictly above");
        assertEquals("ERROR", display.folder(json("{'size':0,'errno':13}")));
    }

    @Test
    void portScansByResultAndRoundTrip() {
        assertEquals("CAREFUL", display.port(json("{'host':'h','status':null,'rtt_warning':null}")));
        assertEquals("CRITICAL", display.port(json("{'host':'h','status':false,'rtt_warning':null}")));
        assertEquals("WARNING", display.port(json("{'host':'h','status':0.8,'rtt_warning':0.5}")));
        assertEquals("OK", display.port(json("{'host':'h','status':0.1,'rtt_warning':0.5}")));
        assertEquals("CRITICAL", display.port(json("{'url':'u','status':'Error','elapsed':0,'rtt_warning':null}")));
        assertEquals("WARNING", display.port(json("{'url':'u','status':200,'elapsed':4.0,'rtt_warning':3.0}")));
        assertEquals("OK", display.port(json("{'url':'u','status':301,'elapsed':1.0,'rtt_warning':3.0}")));
    }
}
