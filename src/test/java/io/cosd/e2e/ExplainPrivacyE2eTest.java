package io.cosd.e2e;

import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one tenant learns about another through {@code POST /-/admin/policy/explain} (docs/policy.md "Explain",
 * POL-I6, POL-X1): nothing about which sub-users another account has.
 */
@CosdServer
class ExplainPrivacyE2eTest {
    @CosdServer.Inject static E2e env;

    static RawHttp.Reply explain(String secretId, String secretKey, String json) throws Exception {
        String host = "127.0.0.1:" + env.port();
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Host", host);
        signed.put("Content-MD5", java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("MD5").digest(json.getBytes(StandardCharsets.UTF_8)))); // ADM-12: the question is signed
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.POST, "/-/admin/policy/explain", signed, Map.of(),
                new BasicCOSCredentials(secretId, secretKey), new Date(System.currentTimeMillis() + 600_000));
        Map<String, String> h = new LinkedHashMap<>(signed);
        h.put("Authorization", auth);
        h.put("Content-Type", "application/json");
        return RawHttp.send(env.port(), "POST", "/-/admin/policy/explain", h, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any account may own a bucket and explain a principal on it; a sub-user of another account is refused
     * by its name alone, before any lookup, so an existing and a missing one get the same answer (400
     * InvalidArgument, one message) and a tenant cannot enumerate another tenant's sub-users.
     */
    @Test
    void explainDoesNotTellAnotherAccountWhichOfThisAccountsSubUsersExist_POL_I6() throws Exception {
        String subUin = "100000000061";
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", subUin, "--name", "hidden").code()).isZero();
        E2e.Account owner = E2e.addAccount(env.dir); // another account, asking about this one's sub-users
        String otherBucket = "explain-priv-" + owner.appId();
        try (S3Client other = env.s3(owner.secretId(), owner.secretKey())) {
            other.createBucket(b -> b.bucket(otherBucket));
        }
        String existing = "qcs::cam::uin/" + E2e.UIN + ":uin/" + subUin;
        String missing = "qcs::cam::uin/" + E2e.UIN + ":uin/100000000069";
        RawHttp.Reply a = explain(owner.secretId(), owner.secretKey(), "{\"bucket\":\"" + otherBucket + "\",\"principal\":\"" + existing
                + "\",\"action\":\"GetObject\",\"key\":\"k\"}");
        RawHttp.Reply b = explain(owner.secretId(), owner.secretKey(), "{\"bucket\":\"" + otherBucket + "\",\"principal\":\"" + missing
                + "\",\"action\":\"GetObject\",\"key\":\"k\"}");
        assertThat(a.status()).isEqualTo(b.status()).isEqualTo(400);
        assertThat(message(a)).as("existing sub-user: %s%nmissing sub-user: %s", a.text(), b.text())
                .isEqualTo(message(b).replace("100000000069", subUin));
    }

    private static String message(RawHttp.Reply r) {
        var m = Pattern.compile("<Message>(.*?)</Message>").matcher(r.text());
        return m.find() ? m.group(1) : r.text();
    }
}
