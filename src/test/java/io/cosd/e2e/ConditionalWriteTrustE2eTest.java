package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trust and integrity of conditional writes/deletes (docs/spec/semantics.md §2.8, docs/signing.md
 * AUTH-3d) and of bucket tagging's integrity check (§5b BT-5): what a condition reveals to whom, what
 * a signature must cover, what is refused rather than ignored, and that bad input changes nothing.
 */
@CosdServer
class ConditionalWriteTrustE2eTest {
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static E2e env;

    static String bucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    static String md5(String s) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * OBJ-CW6: a write-only caller could probe an ETag with If-Match PUTs whose body then fails on its
     * own (a wrong Content-MD5): a wrong guess would be 412, a right one 400 BadDigest, nothing stored.
     * The comparison needs GetObject, as a delete condition does (OBJ-CD4), so both guesses are 403.
     */
    @Test
    void aCallerAllowedOnlyToPutCannotLearnAnObjectsETagFromConditionalPutsThatStoreNothing_OBJ_CW6() throws Exception {
        String b = bucket("cwt-put-probe");
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("secret")).eTag();
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}"));
        String host = "127.0.0.1:" + env.port();
        byte[] data = "probe".getBytes(StandardCharsets.UTF_8);
        String wrongMd5 = md5("not the body");
        var wrongGuess = RawHttp.send(env.port(), "PUT", "/" + b + "/k",
                Map.of("Host", host, "If-Match", "\"0123456789abcdef0123456789abcdef\"", "Content-MD5", wrongMd5), data);
        var rightGuess = RawHttp.send(env.port(), "PUT", "/" + b + "/k",
                Map.of("Host", host, "If-Match", etag, "Content-MD5", wrongMd5), data);
        // nothing was written either way
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("secret");
        assertThat(rightGuess.status() + " " + rightGuess.text().replaceAll("(?s).*<Code>(.*?)</Code>.*", "$1"))
                .as("a right ETag guess must answer as a wrong one (%s %s)", wrongGuess.status(), wrongGuess.text())
                .isEqualTo(wrongGuess.status() + " " + wrongGuess.text().replaceAll("(?s).*<Code>(.*?)</Code>.*", "$1"));
    }

    /**
     * OBJ-CD1: "A value that is not a date or a size is 400 InvalidArgument" and bad input changes
     * nothing: DeleteObjects reads every entry's condition before deleting any, so a bad Size in the
     * second entry leaves the first in place.
     */
    @Test
    void aDeleteObjectsRequestWithAMalformedSizeConditionDeletesNothing_OBJ_CD1() {
        String b = bucket("cwt-bad-size");
        s3.putObject(r -> r.bucket(b).key("a"), RequestBody.fromString("keep me"));
        s3.putObject(r -> r.bucket(b).key("b"), RequestBody.fromString("b"));
        DeleteObjectsResponse out = null;
        S3Exception refused = null;
        try {
            out = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(
                    ObjectIdentifier.builder().key("a").build(),
                    ObjectIdentifier.builder().key("b").size(-1L).build())));
        } catch (S3Exception e) {
            refused = e;
        }
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(o -> o.key())
                .as("entry a must survive a request whose document is invalid (answer: %s)", out == null ? refused : out.errors())
                .contains("a");
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    }

    /**
     * BT-5: S3 PutBucketTagging needs Content-MD5 or a checksum cosd verifies. An x-amz-trailer on a
     * body that is not aws-chunked has no trailer to verify, so it is refused (UB-3), not counted.
     */
    @Test
    void anS3PutBucketTaggingWhoseOnlyIntegrityCheckIsATrailerOnAPlainBodyIsRefused_BT_5() throws Exception {
        String b = bucket("cwt-tag-trailer");
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:PutBucketTagging\"],\"Resource\":[\"arn:aws:s3:::" + b + "\"]}]}"));
        byte[] doc = "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>".getBytes(StandardCharsets.UTF_8);
        var reply = RawHttp.send(env.port(), "PUT", "/" + b + "?tagging",
                Map.of("Host", "127.0.0.1:" + env.port(), "x-amz-trailer", "x-amz-checksum-crc32"), doc);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.text()).contains("<Code>InvalidRequest</Code>");
        assertThat(List.of(s3.getBucketPolicy(r -> r.bucket(b)).policy())).isNotEmpty();
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(S3Exception.class, () -> s3.getBucketTagging(r -> r.bucket(b)));
        assertThat(e).as("no tags stored").isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchTagSet");
    }

    /**
     * AUTH-3d: with a bucket policy that requires conditional writes (POL-S5, S3's
     * enforce-conditional-writes example) a signed unconditional PUT is refused; whoever holds that
     * presigned URL must not make it an overwrite by adding an unsigned If-Match: *.
     */
    @Test
    void anUnsignedIfMatchAddedToAPresignedPutCannotTurnAPolicyRefusalIntoAnOverwrite_AUTH_3d_POL_S5() throws Exception {
        String b = bucket("cwt-unsigned-cond");
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("original"));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + E2e.UIN + ":root\"},\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"arn:aws:s3:::" + b + "/*\",\"Condition\":{\"Null\":{\"s3:if-match\":\"true\"}}}]}"));
        try (var p = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder().endpointOverride(java.net.URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            var url = p.presignPutObject(software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest.builder()
                    .signatureDuration(java.time.Duration.ofMinutes(5))
                    .putObjectRequest(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(b).key("k").build())
                    .build()).url();
            String host = url.getHost() + ":" + url.getPort();
            byte[] data = "attacker".getBytes(StandardCharsets.UTF_8);
            var signedAsSent = RawHttp.send(env.port(), "PUT", url.getFile(), Map.of("Host", host), data);
            assertThat(signedAsSent.status()).as("the signed request itself is refused by the policy").isEqualTo(403);
            var tampered = RawHttp.send(env.port(), "PUT", url.getFile(), Map.of("Host", host, "If-Match", "*"), data);
            assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String())
                    .as("an unsigned condition made the write happen (%s)", tampered.status()).isEqualTo("original");
            assertThat(tampered.status()).isIn(400, 403);
        }
    }

    /**
     * AUTH-3d, header-signed: a q-sign signature over host alone does not vouch for an If-Match the
     * sender added, so the write is 403 AccessDenied naming the header and nothing changes; the same
     * condition signed runs.
     */
    @Test
    void anUnsignedIfMatchOnAHeaderSignedPutIsRefusedAndOverwritesNothing_AUTH_3d() throws Exception {
        String b = bucket("cwt-unsigned-cond-hdr");
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("original")).eTag();
        String host = "127.0.0.1:" + env.port();
        byte[] data = "attacker".getBytes(StandardCharsets.UTF_8);
        String onlyHost = io.cosd.domain.signing.OutboundSigner.cos("PUT", "/" + b + "/k", Map.of(), Map.of("host", host),
                E2e.SECRET_ID, E2e.SECRET_KEY, java.time.Instant.now(), 300);
        var unsigned = RawHttp.send(env.port(), "PUT", "/" + b + "/k", Map.of("Host", host, "If-Match", etag, "Authorization", onlyHost), data);
        assertThat(unsigned.status()).as(unsigned.text()).isEqualTo(403);
        assertThat(unsigned.text()).contains("<Code>AccessDenied</Code>").contains("if-match");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("original");

        String withCondition = io.cosd.domain.signing.OutboundSigner.cos("PUT", "/" + b + "/k", Map.of(),
                Map.of("host", host, "if-match", etag), E2e.SECRET_ID, E2e.SECRET_KEY, java.time.Instant.now(), 300);
        var signed = RawHttp.send(env.port(), "PUT", "/" + b + "/k", Map.of("Host", host, "If-Match", etag, "Authorization", withCondition), data);
        assertThat(signed.status()).as(signed.text()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("attacker");
    }

    /**
     * OBJ-CW3: a condition that already fails is answered before the body is read. The unread body must
     * then be discarded as body, never parsed as the next request on a kept-alive connection (a body
     * that spells a DELETE must not delete anything).
     */
    @Test
    void theUnreadBodyOfAnEarlyRefusedConditionalPutIsNeverRunAsARequest_OBJ_CW3() throws Exception {
        String b = bucket("cwt-smuggle");
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("k"));
        s3.putObject(r -> r.bucket(b).key("victim"), RequestBody.fromString("victim"));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:PutObject\",\"s3:DeleteObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}"));
        String host = "127.0.0.1:" + env.port();
        String inner = "DELETE /" + b + "/victim HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n\r\n";
        byte[] body = inner.getBytes(StandardCharsets.US_ASCII);
        String head = "PUT /" + b + "/k HTTP/1.1\r\nHost: " + host + "\r\nIf-None-Match: *\r\nContent-Length: " + body.length + "\r\n\r\n";
        StringBuilder answers = new StringBuilder();
        try (var sock = new java.net.Socket("127.0.0.1", env.port())) {
            var out = sock.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The early 412 goes out before the body is sent: wait for its head (however slow the machine),
            // not a fixed 300 ms that a loaded machine may not honour.
            sock.setSoTimeout(60_000);
            byte[] buf = new byte[8192];
            while (!answers.toString().contains("\r\n\r\n")) {
                int n = sock.getInputStream().read(buf);
                if (n < 0) break;
                answers.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            sock.setSoTimeout(3000);
            try {
                out.write(body);
                out.flush();
                for (int n; (n = sock.getInputStream().read(buf)) > 0; ) answers.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            } catch (java.net.SocketTimeoutException done) {
                // no more answers
            } catch (java.net.SocketException closed) {
                // the server closed the connection after its answer: the body went nowhere
            }
        }
        assertThat(answers.toString()).startsWith("HTTP/1.1 412");
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(o -> o.key())
                .as("answers on the connection: %s", answers).contains("victim");
    }

    /**
     * UB-1: a condition cosd does not evaluate is refused 501, never ignored (docs/conditional-writes.md
     * lists what stays 501): If-Unmodified-Since on PutObject and DeleteObject, and If-Match on
     * PutObjectTagging, would otherwise tell a client guarding against a lost update 200/204 while the
     * write it asked to skip happens.
     */
    @Test
    void aWriteConditionCosdDoesNotEvaluateIsRefusedNotIgnored_UB_1_OBJ_CW1() {
        String b = bucket("cwt-unevaluated");
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("original"));
        String past = "Sat, 01 Jan 2000 00:00:00 GMT"; // the object was modified after this: RFC 7232 says 412
        List<String> happened = new java.util.ArrayList<>();
        try {
            s3.putObject(r -> r.bucket(b).key("k").overrideConfiguration(o -> o.putHeader("If-Unmodified-Since", past)),
                    RequestBody.fromString("overwritten"));
            happened.add("PutObject with If-Unmodified-Since in the past overwrote the object");
        } catch (S3Exception e) {
            assertThat(e.statusCode()).isIn(412, 501);
        }
        try {
            s3.putObjectTagging(r -> r.bucket(b).key("k").tagging(t -> t.tagSet(
                            software.amazon.awssdk.services.s3.model.Tag.builder().key("t").value("v").build()))
                    .overrideConfiguration(o -> o.putHeader("If-Match", "\"00000000000000000000000000000000\"")));
            happened.add("PutObjectTagging with a wrong If-Match tagged the object");
        } catch (S3Exception e) {
            assertThat(e.statusCode()).isIn(412, 501);
        }
        try {
            s3.deleteObject(r -> r.bucket(b).key("k").overrideConfiguration(o -> o.putHeader("If-Unmodified-Since", past)));
            if (s3.listObjectsV2(r -> r.bucket(b)).contents().isEmpty()) {
                happened.add("DeleteObject with If-Unmodified-Since in the past deleted the object");
            }
        } catch (S3Exception e) {
            assertThat(e.statusCode()).isIn(412, 501);
        }
        assertThat(happened).isEmpty();
    }

    /**
     * S3's user guide (conditional writes): "To perform a conditional write with the HTTP If-Match
     * header, you must have the s3:PutObject and s3:GetObject permissions" (If-None-Match needs only
     * s3:PutObject): OBJ-CW6, for PutObject and CompleteMultipartUpload alike.
     */
    @Test
    void anIfMatchWriteOrCompletionAlsoNeedsTheRightToReadTheObjectAsOnS3_OBJ_CW6() throws Exception {
        String b = bucket("cwt-ifmatch-read");
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("secret")).eTag();
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}"));
        String host = "127.0.0.1:" + env.port();
        var reply = RawHttp.send(env.port(), "PUT", "/" + b + "/k",
                Map.of("Host", host, "If-Match", etag), "replaced".getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.text()).isEqualTo(403);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("secret");
        // the same for a completion: the write right uploads, the If-Match completion needs the read right
        var init = RawHttp.send(env.port(), "POST", "/" + b + "/k?uploads", Map.of("Host", host), new byte[0]);
        assertThat(init.status()).as(init.text()).isEqualTo(200);
        String upload = init.text().replaceAll("(?s).*<UploadId>(.*?)</UploadId>.*", "$1");
        var part = RawHttp.send(env.port(), "PUT", "/" + b + "/k?partNumber=1&uploadId=" + upload, Map.of("Host", host),
                "replaced".getBytes(StandardCharsets.UTF_8));
        assertThat(part.status()).as(part.text()).isEqualTo(200);
        String doc = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + part.header("ETag")
                + "</ETag></Part></CompleteMultipartUpload>";
        var complete = RawHttp.send(env.port(), "POST", "/" + b + "/k?uploadId=" + upload, Map.of("Host", host, "If-Match", etag),
                doc.getBytes(StandardCharsets.UTF_8));
        assertThat(complete.status()).as(complete.text()).isEqualTo(403);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("secret");
        // If-None-Match: * needs only the write right (it tells whether the key exists, as on S3)
        assertThat(RawHttp.send(env.port(), "PUT", "/" + b + "/k", Map.of("Host", host, "If-None-Match", "*"),
                "x".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(412);
    }

    /** BT-5: a checksum header that does not match the tagging document is refused and stores nothing (passes: probe recorded). */
    @Test
    void anS3PutBucketTaggingWithAWrongChecksumHeaderStoresNothing_BT_5() throws Exception {
        String b = bucket("cwt-tag-crc");
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:PutBucketTagging\"],\"Resource\":[\"arn:aws:s3:::" + b + "\"]}]}"));
        byte[] doc = "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>".getBytes(StandardCharsets.UTF_8);
        var reply = RawHttp.send(env.port(), "PUT", "/" + b + "?tagging",
                Map.of("Host", "127.0.0.1:" + env.port(), "x-amz-checksum-crc32", "AAAAAA=="), doc);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(S3Exception.class, () -> s3.getBucketTagging(r -> r.bucket(b)));
        assertThat(e).as("no tags stored").isNotNull();
    }

    /** OBJ-CD4 through DeleteObjects: a delete-only caller's Size/ETag entries are AccessDenied whatever they guess (passes: probe recorded). */
    @Test
    void aDeleteOnlyCallerCannotProbeSizesThroughDeleteObjectsEntries_OBJ_CD4() throws Exception {
        String b = bucket("cwt-multi-probe");
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("secret")).eTag();
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:DeleteObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}"));
        List<String> answers = new java.util.ArrayList<>();
        for (String cond : List.of("<Size>6</Size>", "<Size>7</Size>", "<ETag>" + etag + "</ETag>", "<ETag>\"0\"</ETag>")) {
            String doc = "<Delete><Object><Key>k</Key>" + cond + "</Object></Delete>";
            var reply = RawHttp.send(env.port(), "POST", "/" + b + "?delete",
                    Map.of("Host", "127.0.0.1:" + env.port(), "Content-MD5", md5(doc)), doc.getBytes(StandardCharsets.UTF_8));
            answers.add(reply.status() + " " + reply.text().replaceAll("(?s).*?(<Code>.*?</Code>).*", "$1"));
        }
        assertThat(answers).as("%s", answers).allMatch(a -> a.equals("200 <Code>AccessDenied</Code>"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("secret");
    }
}
