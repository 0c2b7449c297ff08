package io.cosd.api.policy;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client address for qcs:ip / aws:SourceIp, and secure transport (docs/policy.md#client-address-and-trusted-proxies). */
class ClientAddressTest {
    static InetSocketAddress peer(String ip) { return new InetSocketAddress(ip, 40000); }

    @Test
    void withoutTrustedProxiesForwardedHeadersAreIgnored() {
        var c = ClientAddress.DIRECT.resolve(peer("192.0.2.5"), "10.0.0.1", "https");
        assertThat(c).isEqualTo(new ClientAddress.Client("192.0.2.5", false));
    }

    @Test
    void aTrustedProxysForwardedForAndProtoAreBelieved() {
        var proxies = new ClientAddress(List.of("10.0.0.0/8", "127.0.0.1"));
        assertThat(proxies.resolve(peer("127.0.0.1"), "203.0.113.9", "https")).isEqualTo(new ClientAddress.Client("203.0.113.9", true));
        // walk from the right past trusted hops; a spoofed left-most entry is not reached
        assertThat(proxies.resolve(peer("10.1.1.1"), "198.51.100.7, 203.0.113.9, 10.2.2.2", "http").ip()).isEqualTo("203.0.113.9");
        assertThat(proxies.resolve(peer("10.1.1.1"), "203.0.113.9", "http").secure()).isFalse();
        // an untrusted peer's headers are ignored even with proxies configured
        assertThat(proxies.resolve(peer("192.0.2.5"), "203.0.113.9", "https")).isEqualTo(new ClientAddress.Client("192.0.2.5", false));
        // garbage stops the walk at the last good hop
        assertThat(proxies.resolve(peer("127.0.0.1"), "not-an-ip", null).ip()).isEqualTo("127.0.0.1");
        assertThat(proxies.resolve(peer("127.0.0.1"), "::ffff:203.0.113.9", null).ip()).isEqualTo("203.0.113.9");
    }

    @Test
    void onlyTheLastForwardedProtoValueTheTrustedProxySetCountsNeverTheClientsOwnClaim_SSE_9() {
        ClientAddress proxies = new ClientAddress(java.util.List.of("10.0.0.0/8"));
        assertThat(proxies.resolve(peer("10.1.1.1"), "203.0.113.9", "https,http").secure()).isFalse();
        assertThat(proxies.resolve(peer("10.1.1.1"), "203.0.113.9", "http, https").secure()).isTrue();
        // a proxy that adds its own line after the client's: every line is read, in wire order
        assertThat(proxies.resolve(peer("10.1.1.1"), "203.0.113.9",
                ClientAddress.allLines(java.util.List.of("https", "http"))).secure()).isFalse();
        assertThat(proxies.resolve(peer("10.1.1.1"), ClientAddress.allLines(java.util.List.of("198.51.100.7", "203.0.113.9")), "https").ip())
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aBadTrustedProxyCidrFailsStartUp() {
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example.com"))).isInstanceOf(IllegalArgumentException.class);
    }
}
