package io.cosd.domain.signing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigV2 math against the worked examples of the AWS S3 developer guide ("Signing and authenticating REST
 * requests", key AKIAIOSFODNN7EXAMPLE): each StringToSign is rebuilt from its parts and signed.
 */
class SigV2SignerTest {
    static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    record Vector(String name, String stringToSign, String signature) {}

    static final List<Vector> GUIDE = List.of(
            new Vector("object GET", "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg", "bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
            new Vector("object PUT", "PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg", "MyyxeRY7whkBe+bq8fHCL/2kKUg="),
            new Vector("list", "GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/", "htDYFYduRNen8P9ZfE/s9SuKy0U="),
            new Vector("fetch ACL", "GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl", "c2WLPFtWHVgbEmeEG93a4cG37dM="),
            new Vector("delete", "DELETE\n\n\nTue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg", "lx3byBScXR6KzyMaifNkardMwNk="),
            new Vector("upload", "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
                    + "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
                    + "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz", "ilyl83RwaSoYIEdixDQcA4OnAnc="),
            new Vector("list all buckets", "GET\n\n\nWed, 28 Mar 2007 01:29:59 +0000\n/", "qGdzdERIC03wnaRNKh6OqZehG9s="),
            new Vector("unicode keys", "GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", "DNEZGsoieTZ92F3bUfSPQcbGmlM="),
            new Vector("query string", "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg", "NpgCjnDzrM+WFzoENXmpNDUsSn8="));

    @Test
    void everyWorkedExampleOfTheDeveloperGuideSignsToItsPublishedSignature() {
        for (Vector v : GUIDE) assertThat(SigV2Signer.sign(SK, v.stringToSign())).as(v.name()).isEqualTo(v.signature());
    }

    @Test
    void theUploadExamplesStringToSignIsRebuiltFromItsHeaders() {
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Host", "static.johnsmith.net:8080"),
                Map.entry("x-amz-acl", "public-read"),
                Map.entry("content-type", "application/x-download"),
                Map.entry("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="),
                Map.entry("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"),
                Map.entry("X-Amz-Meta-ReviewedBy", "jane@johnsmith.net"),
                Map.entry("X-Amz-Meta-FileChecksum", "0x02661779"),
                Map.entry("X-Amz-Meta-ChecksumAlgorithm", "crc32"),
                Map.entry("Content-Disposition", "attachment; filename=database.dat"));
        String sts = SigV2Signer.stringToSign("PUT", "4gJE4saaMU4BqNR0kLY+lw==", "application/x-download",
                "Tue, 27 Mar 2007 21:06:08 +0000", SigV2Signer.canonicalAmzHeaders(headers, null),
                SigV2Signer.canonicalResource("/static.johnsmith.net/db-backup.dat.gz", List.of(), false));
        assertThat(sts).isEqualTo(GUIDE.get(5).stringToSign());
    }

    @Test
    void amzHeadersAreLowerCasedSortedJoinedAndUnfolded() {
        String amz = SigV2Signer.canonicalAmzHeaders(List.of(
                Map.entry("X-Amz-Meta-B", "  two\r\n   lines "),
                Map.entry("x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000"),
                Map.entry("X-AMZ-META-A", "x"),
                Map.entry("x-amz-meta-a", "y"),
                Map.entry("x-cos-meta-c", "not signed by SigV2")), null);
        assertThat(amz).isEqualTo("x-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\nx-amz-meta-a:x,y\nx-amz-meta-b:two lines\n");
        assertThat(SigV2Signer.canonicalAmzHeaders(List.of(Map.entry("x-amz-date", "d")), "x-amz-date")).isEmpty();
    }

    @Test
    void subResourcesAreSortedByNameAndAnEmptyOneIsBareOrWithEqualsSign() {
        List<String[]> subs = List.of(new String[] {"versionId", "3"}, new String[] {"acl", ""});
        assertThat(SigV2Signer.canonicalResource("/b/k", subs, false)).isEqualTo("/b/k?acl&versionId=3");
        assertThat(SigV2Signer.canonicalResource("/b/k", subs, true)).isEqualTo("/b/k?acl=&versionId=3");
        assertThat(SigV2Signer.canonicalResource("/b/", List.of(), true)).isEqualTo("/b/");
    }

    @Test
    void theSubResourceSetHoldsTheGuidesListBotocoresAndS3cmdsAndTheResponseOverrides() {
        assertThat(SigV2Signer.SUB_RESOURCES).contains("acl", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
                "requestPayment", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website", "delete", "cors",
                "restore", "tagging", "replication", "object-lock", "response-content-type", "response-content-disposition",
                "response-expires", "response-cache-control", "response-content-language", "response-content-encoding");
        assertThat(SigV2Signer.SUB_RESOURCES).doesNotContain("prefix", "marker", "max-keys", "delimiter", "AWSAccessKeyId", "Signature", "Expires");
    }

    @Test
    void signaturesCompareExactlyIgnoringOnlySurroundingWhitespace_AUTH_10() {
        assertThat(SigV2Signer.signatureEquals("bWq2s1WEIj+Ydj0vQ697zp+IXMU=", " bWq2s1WEIj+Ydj0vQ697zp+IXMU= ")).isTrue();
        assertThat(SigV2Signer.signatureEquals("bWq2s1WEIj+Ydj0vQ697zp+IXMU=", "bwq2s1WEIj+Ydj0vQ697zp+IXMU=")).isFalse();
        assertThat(SigV2Signer.signatureEquals("bWq2s1WEIj+Ydj0vQ697zp+IXMU=", null)).isFalse();
    }
}
