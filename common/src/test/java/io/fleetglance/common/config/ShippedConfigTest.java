package io.fleetglance.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.GlancesSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShippedConfigTest {

    /** The capture ran on the stock file with these two keys changed (see the samples' README). */
    private static GlancesConfig asCaptured() {
        return GlancesConfig.shipped()
                .with("global", "check_update", "false")
                .with("ports", "port_default_gateway", "False")
                .withGlancesDefaults(2);
    }

    private static ObjectNode json(Map<String, Map<String, String>> config) {
        return new ObjectMapper().valueToTree(config);
    }

    @Test
    void shippedConfigWithDefaultsServesTheCapturedSecureConfig() {
        ObjectNode ours = json(asCaptured().asSecureMap());
        JsonNode glances = GlancesSamples.read("config.json");
        assertEquals(glances, ours);
        assertEquals(names(glances), names(ours), "sections in the same order");
        glances.fieldNames().forEachRemaining(section ->
                assertEquals(names(glances.get(section)), names(ours.get(section)), "keys of [" + section + "]"));
    }

    @Test
    void globalSectionMatchesCapturedRoute() {
        assertEquals(GlancesSamples.read("config__global.json"), json(asCaptured().asSecureMap()).get("global"));
        assertEquals("2", asCaptured().get("global", "refresh").orElseThrow());
    }

    @Test
    void fullViewKeepsPasswordsAndSecrets() {
        GlancesConfig config = GlancesConfig.shipped().with("passwords", "localhost", "abc").withGlancesDefaults(2);
        ObjectNode full = json(config.asMap());
        assertEquals("root", full.get("influxdb").get("password").asText());
        assertEquals("abc", full.get("passwords").get("localhost").asText());
        ObjectNode secure = json(config.asSecureMap());
        assertFalse(secure.has("passwords"));
        assertEquals("********", secure.get("influxdb").get("password").asText());
        assertEquals("********", secure.get("influxdb2").get("token").asText());
        assertEquals("root", secure.get("influxdb").get("user").asText());
    }

    @Test
    void secureViewMasksEverySecretLookingKey() {
        GlancesConfig config = GlancesConfig.parse("g", List.of("[outputs]", "ssl_keyfile=/k.pem",
                "ssl_keyfile_password=x", "ssl_certfile=/c.pem", "[ip]", "public_API_key=k", "public_apikey=k",
                "client_secret=s", "Bearer_Token=t"));
        ObjectNode secure = json(config.asSecureMap());
        assertEquals("********", secure.get("outputs").get("ssl_keyfile").asText());
        assertEquals("********", secure.get("outputs").get("ssl_keyfile_password").asText());
        assertEquals("/c.pem", secure.get("outputs").get("ssl_certfile").asText());
        for (String key : List.of("public_api_key", "public_apikey", "client_secret", "bearer_token")) {
            assertEquals("********", secure.get("ip").get(key).asText(), key);
        }
    }

    @Test
    void stockGlancesFileParsesAndValidates() throws IOException {
        GlancesConfig stock = GlancesConfig.parse("glances.conf", resourceLines("glances-4.x-docker-compose.conf"))
                .validate();
        assertTrue(stock.hasSection("amp_systemv"));
        assertEquals("True", stock.get("cpu", "total_log").orElseThrow());
        assertEquals(List.of("loop.*", "/dev/loop.*"), stock.getList("diskio", "hide").orElseThrow());
        assertFalse(stock.get("containers", "show").isPresent(), "';' lines are comments");
        GlancesConfig effective = stock.withGlancesDefaults(4);
        assertEquals("20.0", effective.get("cpu", "iowait_careful").orElseThrow());
        assertEquals("80", effective.get("sensors", "battery_careful").orElseThrow(), "the file's value wins");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = ShippedConfigTest.class.getResourceAsStream(name)) {
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R", -1));
        }
    }
}
