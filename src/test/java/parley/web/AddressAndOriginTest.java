package parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two comparisons the defences rest on, for inputs a test server on 127.0.0.1 cannot produce. */
class AddressAndOriginTest {

    @Test
    void anIpv6ClientIsCountedByItsSlash64SoItCannotTakeAFreshAddressPerRequest() {
        assertThat(Throttle.network("2001:db8:1:2::1")).isEqualTo(Throttle.network("2001:db8:1:2:ffff::9"));
        assertThat(Throttle.network("2001:db8:1:2::1")).isNotEqualTo(Throttle.network("2001:db8:1:3::1"));
        assertThat(Throttle.network("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(Throttle.network("203.0.113.7")).isNotEqualTo(Throttle.network("203.0.113.8"));
    }

    @Test
    void anOriginMatchesTheHostItWasSentToAndNothingElse() {
        assertThat(CrossSiteGuard.sameHost("https://chat.example", "chat.example")).isTrue();
        assertThat(CrossSiteGuard.sameHost("http://parley_node:7301", "parley_node:7301")).as("an underscore").isTrue();
        assertThat(CrossSiteGuard.sameHost("http://[::1]:7070", "[::1]:7070")).isTrue();
        assertThat(CrossSiteGuard.sameHost("https://CHAT.example", "chat.example")).isTrue();
        assertThat(CrossSiteGuard.sameHost("https://chat.example:8443", "chat.example")).as("another port").isFalse();
        assertThat(CrossSiteGuard.sameHost("https://chat.example.evil", "chat.example")).isFalse();
        assertThat(CrossSiteGuard.sameHost("https://evil.example", "chat.example")).isFalse();
        assertThat(CrossSiteGuard.sameHost("null", "chat.example")).isFalse();
        assertThat(CrossSiteGuard.sameHost("", "chat.example")).isFalse();
        assertThat(CrossSiteGuard.sameHost("https://chat.example", null)).isFalse();
    }
}
