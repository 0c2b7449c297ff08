package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.time.Duration;
import java.time.Instant;

import static io.cosd.e2e.ObjectLockE2eTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOCK-A1 (docs/security.md): the object lock condition keys (LOCK-11) are what a PutObjectRetention or
 * PutObjectLegalHold asks for in its body, as on S3. Before, they were read only from a write's lock headers,
 * which these requests do not send, so a bucket policy denying a COMPLIANCE retention (one nobody can ever
 * shorten or remove), a retention beyond a date, or a legal hold, was accepted and never applied to
 * {@code PUT ?retention} / {@code PUT ?legal-hold}: the irreversible lock went through.
 */
@CosdServer
class ObjectLockPolicyFactsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static String lockedBucketWithPolicy(String name, String statement) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + statement.replace("BUCKET", b) + "]}"));
        return b;
    }

    static String put(String b, String key) {
        return s3.putObject(r -> r.bucket(b).key(key), RequestBody.fromString("worm")).versionId();
    }

    @Test
    void aPolicyDenyingComplianceRetentionHoldsForPutObjectRetention_LOCK_A1() {
        // An S3-grammar Deny for everyone binds the owner's root too (POL-S7).
        String b = lockedBucketWithPolicy("lock-facts-mode", "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectRetention\","
                + "\"Resource\":\"arn:aws:s3:::BUCKET/*\",\"Condition\":{\"StringEquals\":{\"s3:object-lock-mode\":\"COMPLIANCE\"}}}");
        String v = put(b, "doc");
        Instant until = Instant.now().plus(Duration.ofDays(1));
        refused(() -> s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v)
                .retention(t -> t.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until))), 403, "AccessDenied");
        assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("doc").versionId(v)).legalHold().status())
                .isEqualTo(ObjectLockLegalHoldStatus.OFF);
        refused(() -> s3.getObjectRetention(r -> r.bucket(b).key("doc").versionId(v)), 404, "NoSuchObjectLockConfiguration");
        // GOVERNANCE is not what the Deny names: allowed, then removable with the bypass.
        s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v)
                .retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until)));
        assertThat(s3.getObjectRetention(r -> r.bucket(b).key("doc").versionId(v)).retention().mode())
                .isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
        // The same Deny still holds for a PutObject asking for COMPLIANCE in its headers (LOCK-11, unchanged).
        refused(() -> s3.putObject(r -> r.bucket(b).key("doc2").objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until),
                RequestBody.fromString("worm")), 403, "AccessDenied");
        s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true));
        // LOCK-A1c: policy explain, given the body, answers as the server did; a lock header in its place is bad input
        String body = "<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>" + until + "</RetainUntilDate></Retention>";
        E2e.AdminRun explained = E2e.admin(env.dir, "policy", "explain", "--bucket", b, "--principal", "anonymous",
                "--action", "PutObjectRetention", "--key", "doc", "--body", body);
        assertThat(explained.code()).as(explained.out()).isEqualTo(3);
        assertThat(explained.out()).startsWith("DENIED").contains("explicit_deny");
        E2e.AdminRun governance = E2e.admin(env.dir, "policy", "explain", "--bucket", b, "--principal", "anonymous",
                "--action", "PutObjectRetention", "--key", "doc", "--body", body.replace("COMPLIANCE", "GOVERNANCE"));
        assertThat(governance.out()).doesNotContain("explicit_deny");
        assertThat(E2e.admin(env.dir, "policy", "explain", "--bucket", b, "--principal", "anonymous", "--action", "PutObjectRetention",
                "--key", "doc", "--header", "x-amz-object-lock-mode=COMPLIANCE").code()).isEqualTo(2);
    }

    @Test
    void aPolicyCappingTheRetainUntilDateHoldsForPutObjectRetention_LOCK_A1() {
        Instant cap = Instant.now().plus(Duration.ofDays(30));
        String b = lockedBucketWithPolicy("lock-facts-date", "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectRetention\","
                + "\"Resource\":\"arn:aws:s3:::BUCKET/*\",\"Condition\":{\"DateGreaterThan\":{\"s3:object-lock-retain-until-date\":\""
                + cap + "\"}}}");
        String v = put(b, "doc");
        refused(() -> s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v)
                .retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(cap.plus(Duration.ofDays(3650))))), 403, "AccessDenied");
        refused(() -> s3.getObjectRetention(r -> r.bucket(b).key("doc").versionId(v)), 404, "NoSuchObjectLockConfiguration");
        s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v)
                .retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(cap.minus(Duration.ofDays(1)))));
        s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true));
    }

    @Test
    void aPolicyDenyingALegalHoldHoldsForPutObjectLegalHold_LOCK_A1() {
        String b = lockedBucketWithPolicy("lock-facts-hold", "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectLegalHold\","
                + "\"Resource\":\"arn:aws:s3:::BUCKET/*\",\"Condition\":{\"StringEquals\":{\"s3:object-lock-legal-hold\":\"ON\"}}}");
        String v = put(b, "doc");
        refused(() -> s3.putObjectLegalHold(r -> r.bucket(b).key("doc").versionId(v)
                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))), 403, "AccessDenied");
        assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("doc").versionId(v)).legalHold().status())
                .isEqualTo(ObjectLockLegalHoldStatus.OFF);
        s3.putObjectLegalHold(r -> r.bucket(b).key("doc").versionId(v).legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
        s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v));
    }

    @Test
    void aLegalHoldSentAwsChunkedWithATrailingChecksumIsStillAppliedAfterItsBodyIsReadForTheDecision_LOCK_A1() throws Exception {
        // LOCK-A1 reads the body before the decision and hands its bytes on; the aws-chunked trailer was
        // announced and checked when it was read (EarlyBody), so the held bytes must not be refused later as
        // a plain body that announces a trailer it cannot carry (UB-3): before, this valid request was 400.
        String b = lockedBucketWithPolicy("lock-facts-trailer", "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectLegalHold\","
                + "\"Resource\":\"arn:aws:s3:::BUCKET/*\",\"Condition\":{\"StringEquals\":{\"s3:object-lock-legal-hold\":\"ON\"}}}");
        put(b, "doc");
        RawHttp.Reply off = chunkedLegalHold(b, "doc", "OFF", null);
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        RawHttp.Reply on = chunkedLegalHold(b, "doc", "ON", null);
        assertThat(on.status()).as(on.text()).isEqualTo(403);
        assertThat(on.text()).contains("<Code>AccessDenied</Code>");
        // a trailer that is not the body's checksum is still BadDigest, and changes nothing
        RawHttp.Reply wrong = chunkedLegalHold(b, "doc", "OFF", ChecksumTrailerE2eTest.crc32(new byte[]{7}));
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(wrong.text()).contains("<Code>BadDigest</Code>");
        assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("doc")).legalHold().status()).isEqualTo(ObjectLockLegalHoldStatus.OFF);
    }

    @Test
    void aPolicyOnTheGovernanceBypassSeesTheRetentionsBodyWhateverChecksumTheRequestSends_LOCK_A1() {
        // "nobody bypasses GOVERNANCE to leave less than 30 days": the bypass decision is made in the handler, after
        // RequestGuard wrapped the held body in its checksum check; before, the lock facts were lost there whenever a
        // checksum header was sent (as the AWS SDK sends one), so the Deny never applied and the retention was cut.
        Instant floor = Instant.now().plus(Duration.ofDays(30));
        String b = lockedBucketWithPolicy("lock-facts-bypass", "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:BypassGovernanceRetention\","
                + "\"Resource\":\"arn:aws:s3:::BUCKET/*\",\"Condition\":{\"DateLessThan\":{\"s3:object-lock-retain-until-date\":\"" + floor + "\"}}}");
        String v = put(b, "doc");
        Instant far = Instant.now().plus(Duration.ofDays(60)), near = Instant.now().plus(Duration.ofDays(1));
        s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v).retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(far)));
        for (var alg : new software.amazon.awssdk.services.s3.model.ChecksumAlgorithm[] {
                software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32, software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256}) {
            refused(() -> s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true).checksumAlgorithm(alg)
                    .retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(near))), 403, "AccessDenied");
        }
        assertThat(s3.getObjectRetention(r -> r.bucket(b).key("doc").versionId(v)).retention().retainUntilDate()).isAfter(floor);
        // a bypass that leaves more than the floor is not what the Deny names
        Instant later = floor.plus(Duration.ofDays(5));
        s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true)
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32)
                .retention(t -> t.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(later)));
    }

    /** PUT ?legal-hold as one unsigned aws-chunked chunk with an {@code x-amz-checksum-crc32} trailer ({@code crc}: its value, else the body's). */
    private static RawHttp.Reply chunkedLegalHold(String b, String key, String status, String crc) throws Exception {
        byte[] data = ("<LegalHold><Status>" + status + "</Status></LegalHold>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String path = "/" + b + "/" + key;
        SigV4Head head = SigV4Head.sign(env.port(), "PUT", path, "legal-hold=", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", java.util.Map.of(
                "content-encoding", "aws-chunked", "x-amz-decoded-content-length", Integer.toString(data.length),
                "x-amz-trailer", "x-amz-checksum-crc32"));
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(data);
        body.writeBytes(("\r\n0\r\nx-amz-checksum-crc32:" + (crc != null ? crc : ChecksumTrailerE2eTest.crc32(data)) + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return RawHttp.send(env.port(), "PUT", path + "?legal-hold", head.headers(), body.toByteArray());
    }
}
