package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The fleet browser drawn from Glances' own serverslist answer, plus hosts of our hub. */
class BrowserScreenTest {

    private static final Look LOOK = new Look(Palette.COLOR_8, Glyphs.UTF8);

    private static ArrayNode fleet() {
        ArrayNode servers = (ArrayNode) Fixtures.json("serverslist_browser.json").deepCopy();
        ObjectNode down = servers.addObject();
        down.put("key", "zz-down").put("name", "zz-down").put("ip", "10.0.0.9").put("status", "OFFLINE")
                .put("protocol", "rest").put("api", "/hosts/zz-down/api/4");
        down.set("columns", servers.get(0).path("columns"));
        return servers;
    }

    @Test
    void listsEveryHostWithItsColumnsAndDecorations() {
        List<AttributedString> lines = new BrowserScreen(LOOK).render("http://hub:61208/", fleet(), null,
                BrowserScreen.State.initial(), false, Instant.now(), 140, 20);
        String text = String.join("\n", lines.stream().map(AttributedString::toString).toList());
        assertTrue(text.contains("hosts in the fleet"), text);
        assertTrue(text.contains("LOAD MIN5") && text.contains("CPU TOTAL") && text.contains("MEM PERCENT"), text);
        AttributedString row = lines.stream().filter(l -> l.toString().contains("Agent A (REST)")).findFirst()
                .orElseThrow();
        int cpu = row.toString().indexOf("41.1");
        assertTrue(cpu > 0, row.toString());
        assertEquals(Palette.COLOR_8.decoration("OK_LOG"), row.styleAt(cpu));
        AttributedString off = lines.stream().filter(l -> l.toString().contains("zz-down")).findFirst()
                .orElseThrow();
        assertEquals(Palette.COLOR_8.decoration("CRITICAL"), off.styleAt(off.toString().indexOf("OFFLINE")));
        lines.forEach(l -> assertEquals(140, l.columnLength()));
    }

    @Test
    void sortsByStatusAndFiltersByName() {
        List<JsonNode> byStatus = BrowserScreen.visible(fleet(), BrowserScreen.State.initial().sortedBy("status"));
        assertEquals("OFFLINE", byStatus.get(0).path("status").asText());
        List<JsonNode> reversed = BrowserScreen.visible(fleet(), BrowserScreen.State.initial().sortedBy("name"));
        assertEquals("zz-down", reversed.get(0).path("name").asText());
        List<JsonNode> filtered = BrowserScreen.visible(fleet(), BrowserScreen.State.initial().withFilter("DOWN"));
        assertEquals(1, filtered.size());
        assertEquals("hosts/zz-down/api/4/", HostTarget.of(filtered.get(0)).apiPath());
        HostTarget glances = HostTarget.of(fleet().get(0));
        assertEquals("http://127.0.0.1:61299/", glances.directBase().toString());
    }
}
