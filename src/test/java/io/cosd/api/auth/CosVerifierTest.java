package io.cosd.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CosVerifierTest {
    static final AuthRequest R = RawRequests.parse("""
            PUT /k HTTP/1.1
            Host: h:8080
            Content-Type: text/plain
            X-Cos-Meta-A:  one two
            x-cos-meta-a: second
            Authorization: q-sign-algorithm=sha1&q-ak=x
            """);

    @Test
    void onlyTheListedHeadersAreEncodedAndTheyMatchTheFullMap() {
        Map<String, String> all = CosVerifier.headers(R.headers());
        Map<String, String> listed = CosVerifier.headers(R.headers(), Set.of("host", "x-cos-meta-a", "missing"));
        assertThat(listed).containsOnlyKeys("host", "x-cos-meta-a");
        assertThat(listed).containsEntry("host", all.get("host")).containsEntry("x-cos-meta-a", all.get("x-cos-meta-a"));
        assertThat(listed.get("x-cos-meta-a")).isEqualTo("one%20two"); // first occurrence wins, as before
    }
}
