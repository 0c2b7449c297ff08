package io.cosd.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cosd.domain.signing.OutboundSigner;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What cosd's replication client signs (domain.signing.OutboundSigner) verifies through our own Authenticator. */
class OutboundSignerVerificationTest {
    static final String AK = "AKIDoutbound", SK = "outbound-secret";
    static final long NOW = 1_700_000_000L;

    static AuthResult authenticateAt(long t, String head) {
        return new Authenticator(RawRequests.keys(RawRequests.key(AK, SK)), RawRequests.at(t)).authenticate(RawRequests.parse(head));
    }

    @Test
    void outboundQSignVerifiesForTheWholeTtlWithTheSharedMinuteWindow() {
        String auth = OutboundSigner.cos("PUT", "/dir/a b.txt", Map.of("versionId", "v1"),
                Map.of("host", "b-1250000000.cos.r.example", "content-length", "3"), AK, SK, Instant.ofEpochSecond(NOW), 600);
        String head = "PUT /dir/a%20b.txt?versionId=v1 HTTP/1.1\nHost: b-1250000000.cos.r.example\nContent-Length: 3\n"
                + "Authorization: " + auth + "\n";
        assertThat(authenticateAt(NOW, head)).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(authenticateAt(NOW + 600, head)).isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void outboundSigV4VerifiesTwiceWithTheCachedSigningKey() {
        Map<String, String> h = OutboundSigner.sigV4("GET", "/b/k", Map.of(), Map.of("host", "s3.example"), "r1", AK, SK,
                Instant.ofEpochSecond(NOW));
        String head = "GET /b/k HTTP/1.1\nHost: s3.example\nx-amz-date: " + h.get("x-amz-date") + "\nx-amz-content-sha256: "
                + h.get("x-amz-content-sha256") + "\nAuthorization: " + h.get("Authorization") + "\n";
        for (int i = 0; i < 2; i++) assertThat(authenticateAt(NOW, head)).isInstanceOf(AuthResult.Authenticated.class);
    }
}
