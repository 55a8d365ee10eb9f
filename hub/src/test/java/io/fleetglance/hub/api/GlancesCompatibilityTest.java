package io.fleetglance.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.agent.Agent;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.hub.Hub;
import io.fleetglance.hub.HubSettings;
import io.fleetglance.hub.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real hub and agent on this machine, compared with the answers of a real Glances 4 on the same kind of machine
 * (the common module's glances-samples test resources): every plugin's field names and JSON types, and every path of the API.
 */
class GlancesCompatibilityTest {

    /** Fields we add on purpose: none; Glances 4.5.6's fields exactly (a plugin may be listed here with a reason). */
    private static final Map<String, Set<String>> ADDED = Map.of();

    private static Hub hub;
    private static Agent agent;
    private static TestHttp http;
    private static JsonNode glancesAll;

    @BeforeAll
    static void start() throws Exception {
        glancesAll = GlancesSamples.read("all.json");
        hub = Hub.start(HubSettings.loopback());
        agent = TestHttp.startAgent(hub, "glances-like", Duration.ofMillis(300));
        hub.registry().setLocalHostName("glances-like");
        http = new TestHttp(hub.port());
        assertTrue(TestHttp.await(Duration.ofSeconds(20),
                () -> hub.registry().find("glances-like").map(h -> h.lastSeq()).orElse(0L) >= 4));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static String type(JsonNode n) {
        if (n.isNumber()) {
            return "number";
        }
        return n.getNodeType().name().toLowerCase();
    }

    /** Field names and types of one stats object against Glances'; null on either side matches anything. */
    /** Glances' "_" for a program whose processes differ in that field (nice, status, username): any type then. */
    private static boolean mixedGroup(String where, JsonNode value) {
        return where.startsWith("programlist") && value.isTextual() && value.asText().equals("_");
    }

    private static List<String> differences(String where, JsonNode ours, JsonNode theirs, Set<String> added) {
        List<String> out = new ArrayList<>();
        Set<String> ourNames = new TreeSet<>();
        ours.fieldNames().forEachRemaining(ourNames::add);
        Set<String> theirNames = new TreeSet<>();
        theirs.fieldNames().forEachRemaining(theirNames::add);
        for (String f : theirNames) {
            if (!ourNames.contains(f)) {
                out.add(where + ": missing field " + f);
            } else if (!ours.get(f).isNull() && !theirs.get(f).isNull() && !mixedGroup(where, ours.get(f))
                    && !type(ours.get(f)).equals(type(theirs.get(f)))) {
                out.add(where + "." + f + ": " + type(ours.get(f)) + " where Glances has " + type(theirs.get(f)));
            }
        }
        for (String f : ourNames) {
            if (!theirNames.contains(f) && !added.contains(f)) {
                out.add(where + ": extra field " + f);
            }
        }
        return out;
    }

    @Test
    void everyPluginWithDataHasGlancesFieldNamesAndTypes() throws Exception {
        JsonNode ours = http.get("/api/4/all").json();
        List<String> problems = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        Iterator<String> names = glancesAll.fieldNames();
        while (names.hasNext()) {
            String plugin = names.next();
            JsonNode theirs = glancesAll.get(plugin);
            JsonNode mine = ours.get(plugin);
            if (mine == null || theirs.isNull() || theirs.isEmpty() && !theirs.isValueNode()) {
                continue;
            }
            if (mine.isArray() && mine.isEmpty()) {
                continue; // no such data on this machine (no wifi, no sensors in a VM)
            }
            compared.add(plugin);
            Set<String> added = ADDED.getOrDefault(plugin, Set.of());
            if (theirs.isObject()) {
                problems.addAll(differences(plugin, mine, theirs, added));
            } else if (theirs.isArray()) {
                assertTrue(mine.isArray(), plugin + " is a list as in Glances");
                if (plugin.equals("alert")) {
                    continue; // events depend on the moment; their shape is tested with the events engine
                }
                problems.addAll(differences(plugin + "[0]", mine.get(0), theirs.get(0), added));
            } else {
                assertEquals(type(theirs), type(mine), plugin);
            }
        }
        assertTrue(compared.containsAll(List.of("cpu", "mem", "memswap", "load", "core", "system", "uptime", "now",
                "network", "diskio", "fs", "processlist", "programlist", "processcount", "quicklook", "percpu",
                "version", "psutilversion")), "compared: " + compared);
        assertEquals(List.of(), problems);
    }

    /** The 33 paths of Glances' openapi.json (§2) with sample parameters, and what §1.4 says each answers. */
    @Test
    void walksEveryApiPath() throws Exception {
        String pid = http.get("/api/4/processlist/top/1").json().get(0).get("pid").asText();
        Object[][] cases = {
                {"GET", "/api/4/status", 200, "object"},
                {"POST", "/api/4/events/clear/warning", 200, "object"},
                {"POST", "/api/4/events/clear/all", 200, "object"},
                {"POST", "/api/4/processes/extended/disable", 200, "boolean"},
                {"POST", "/api/4/processes/extended/" + pid, 200, "boolean"},
                {"GET", "/api/4/config", 200, "object"},
                {"GET", "/api/4/config/global", 200, "object"},
                {"GET", "/api/4/config/global/refresh", 200, "string"},
                {"GET", "/api/4/args", 200, "object"},
                {"GET", "/api/4/args/time", 200, "number"},
                {"GET", "/api/4/help", 200, "object"},
                {"GET", "/api/4/all", 200, "object"},
                {"GET", "/api/4/all/limits", 200, "object"},
                {"GET", "/api/4/all/views", 200, "object"},
                {"GET", "/api/4/pluginslist", 200, "array"},
                {"GET", "/api/4/serverslist", 200, "array"},
                {"GET", "/api/4/processes/extended", 200, "object"},
                {"GET", "/api/4/processes/" + pid, 200, "object"},
                {"GET", "/api/4/cpu", 200, "object"},
                {"GET", "/api/4/cpu/history", 200, "object"},
                {"GET", "/api/4/cpu/history/2", 200, "object"},
                {"GET", "/api/4/processlist/top/2", 200, "array"},
                {"GET", "/api/4/cpu/limits", 200, "object"},
                {"GET", "/api/4/cpu/views", 200, "object"},
                {"GET", "/api/4/cpu/total", 200, "object"},
                {"GET", "/api/4/cpu/total/views", 200, "object"},
                {"GET", "/api/4/cpu/user/history", 200, "array"},
                {"GET", "/api/4/cpu/user/history/2", 200, "array"},
                {"GET", "/api/4/cpu/total/description", 200, "string"},
                {"GET", "/api/4/cpu/total/unit", 200, "string"},
                {"GET", "/api/4/fs/mnt_point/value//", 200, "object"},
                {"GET", "/api/4/network/interface_name/lo", 404, "object"},
                {"GET", "/api/4/processlist/name/" + pid + "/views", 200, "object"},
                // the errors of §1.4 and §9.2
                {"GET", "/api/4/nosuchplugin", 400, "object"},
                {"GET", "/api/4/nosuchplugin/views", 400, "object"},
                {"GET", "/api/4/cpu/nosuchfield", 200, "null"},
                {"GET", "/api/4/cpu/nosuchfield/views", 200, "null"},
                {"GET", "/api/4/cpu/nosuchfield/history", 200, "null"},
                {"GET", "/api/4/cpu/nosuchfield/description", 200, "null"},
                {"GET", "/api/4/cpu/history/x", 422, "object"},
                {"GET", "/api/4/processes/999999999", 404, "object"},
                {"GET", "/api/4/config/nosuchsection", 400, "object"},
                {"GET", "/api/4/config/global/nosuchitem", 404, "object"},
                {"GET", "/api/4/args/nosuchitem", 400, "object"},
                {"GET", "/api/4/cpu/total/foo", 404, "object"},
                {"POST", "/api/4/cpu", 405, "object"},
        };
        List<String> problems = new ArrayList<>();
        for (Object[] c : cases) {
            TestHttp.Answer a = http.send((String) c[0], (String) c[1]);
            String got = a.json() == null ? "none" : type(a.json());
            if (a.status() != (int) c[2] || !got.equals(c[3])) {
                problems.add(c[0] + " " + c[1] + " answered " + a.status() + " " + got + ", expected " + c[2] + " "
                        + c[3]);
            }
            String perHost = ((String) c[1]).replace("/api/4/", "/hosts/glances-like/api/4/");
            TestHttp.Answer b = http.send((String) c[0], perHost);
            if (b.status() != a.status()) {
                problems.add(perHost + " answered " + b.status() + " where the root answered " + a.status());
            }
        }
        assertEquals(List.of(), problems);
        JsonNode views = http.get("/api/4/cpu/total/views").json();
        Set<String> viewFields = new TreeSet<>();
        views.fieldNames().forEachRemaining(viewFields::add);
        assertEquals(new TreeSet<>(Set.of("decoration", "optional", "additional", "splittable", "hidden")), viewFields);
        assertEquals(1200.0, http.get("/api/4/cpu/limits").json().get("history_size").asDouble());
        assertTrue(http.get("/api/4/cpu/limits").json().get("history_size").isDouble(), "history_size is a float");
        assertEquals("2", http.get("/api/4/config/global/refresh").json().asText());
    }
}
