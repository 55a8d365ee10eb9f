package io.fleetglance.common.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayRulesTest {

    @Test
    void takesTheShippedHideListWhenTheKeyIsAbsent() {
        DisplayRules rules = DisplayRules.of(GlancesConfig.empty(), "network", "docker.*,lo");

        assertFalse(rules.shows("lo"));
        assertFalse(rules.shows("docker0"));
        assertTrue(rules.shows("eth0"));
        // A whole-name match: "lo" does not hide "lo0" or "vlo".
        assertTrue(rules.shows("lo0"));
        assertTrue(rules.shows("vlo"));
    }

    @Test
    void anEmptyHideListHidesNothing() {
        DisplayRules rules = DisplayRules.of(Configs.of("[network]", "hide="), "network", "docker.*,lo");

        assertTrue(rules.shows("lo"));
    }

    @Test
    void matchesIgnoringCaseAndTrimsEntries() {
        DisplayRules rules = DisplayRules.of(Configs.of("[diskio]", "hide=SDA.* , nvme0n1"), "diskio", "");

        assertFalse(rules.shows("sda1"));
        assertFalse(rules.shows("NVME0N1"));
        assertTrue(rules.shows("nvme0n1p1"));
    }

    @Test
    void aShowListWinsOverTheHideList() {
        DisplayRules rules = DisplayRules.of(Configs.of("[network]", "show=eth.*,lo", "hide=eth1"), "network", "");

        assertTrue(rules.shows("eth1"));
        assertTrue(rules.shows("lo"));
        assertFalse(rules.shows("wlan0"));
    }

    @Test
    void readsAliasesFromTheListAndFromPerItemKeys() {
        DisplayRules rules = DisplayRules.of(Configs.of("[network]", "alias=wlan0:Wireless IF,Eth0:LAN",
                "ens3_alias=Uplink"), "network", "");

        assertEquals(Optional.of("Wireless IF"), rules.alias("wlan0"));
        // Names are looked up in lower case, as Glances does.
        assertEquals(Optional.of("LAN"), rules.alias("ETH0"));
        assertEquals(Optional.of("Uplink"), rules.alias("ens3"));
        assertEquals(Optional.empty(), rules.alias("eth1"));
    }

    @Test
    void anEscapedColonBelongsToTheName() {
        DisplayRules rules = DisplayRules.of(Configs.of("[fs]", "alias=C\\:/data:Data"), "fs", "");

        assertEquals(Optional.of("Data"), rules.alias("c:/data"));
    }

    @Test
    void hidesAnItemWhoseAliasMatches() {
        DisplayRules rules = DisplayRules.of(Configs.of("[sensors]", "alias=temp1:Board", "hide=board"),
                "sensors", "");

        assertFalse(rules.shows("temp1"));
    }

    @Test
    void showsAnItemKnownByTwoNamesWhenEitherMatchesShowAndHidesItWhenEitherMatchesHide() {
        DisplayRules show = DisplayRules.of(Configs.of("[fs]", "show=/dev/sdb.*"), "fs", "");
        DisplayRules hide = DisplayRules.of(Configs.of("[fs]", "hide=/boot.*"), "fs", "");

        assertTrue(show.showsAny("/data", "/dev/sdb1"));
        assertFalse(show.showsAny("/", "/dev/sda1"));
        assertFalse(hide.showsAny("/boot/efi", "/dev/sda1"));
        assertTrue(hide.showsAny("/", "/dev/sda2"));
    }

    @Test
    void aRegexThatDoesNotCompileMatchesItsLiteralText() {
        DisplayRules rules = DisplayRules.of(Configs.of("[network]", "hide=tun[0"), "network", "");

        assertFalse(rules.shows("tun[0"));
        assertTrue(rules.shows("tun0"));
    }
}
