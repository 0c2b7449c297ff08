package io.cosd.api.object;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** rev2 (security review): every content-length-range condition of a policy must hold, not only the last. */
class Rev2PostPolicyTest {
    @Test
    void twoContentLengthRangesAreBothEnforced() {
        String json = "{\"expiration\":\"2099-01-01T00:00:00Z\",\"conditions\":[[\"content-length-range\",0,10],"
                + "[\"content-length-range\",0,1000000],{\"key\":\"k\"}]}";
        PostPolicy p = PostPolicy.parse(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        PostPolicy.LengthRange r = p.check("b", Map.of("key", "k"), Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(r.max()).as("the policy allows at most 10 bytes").isLessThanOrEqualTo(10);
    }
}
