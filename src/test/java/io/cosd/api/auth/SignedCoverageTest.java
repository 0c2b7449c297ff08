package io.cosd.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure coverage rules of docs/signing.md AUTH-3 and AUTH-4, as tables. */
class SignedCoverageTest {
    static HeaderView headers(String spec) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (spec != null) {
            for (String h : spec.split(",")) {
                String[] kv = h.trim().split("=", 2);
                out.add(Map.entry(kv[0], kv.length > 1 ? kv[1] : "v"));
            }
        }
        return HeaderView.of(out);
    }

    static Set<String> names(String spec) {
        return spec == null ? Set.of() : Set.copyOf(Arrays.asList(spec.split(";")));
    }

    @ParameterizedTest(name = "headers [{0}] signed [{1}] SigV4={2} → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // nothing effect-choosing present
            "Host, x-cos-meta-a, User-Agent                 | host                   | false | -",
            "x-cos-sdk-log-debug, x-cos-security-token      | host                   | false | -",
            // COS: effect-choosing headers must be signed, in either spelling and any case
            "x-cos-copy-source                              | host                   | false | x-cos-copy-source",
            "X-Cos-Copy-Source                              | host;x-cos-copy-source | false | -",
            "x-cos-copy-source-range                        | host                   | false | x-cos-copy-source-range",
            "x-cos-copy-source-If-Match                     | host                   | false | x-cos-copy-source-if-match",
            "x-cos-metadata-directive                       | host                   | false | x-cos-metadata-directive",
            "x-cos-tagging-directive                        | host                   | false | x-cos-tagging-directive",
            "x-cos-acl                                      | host                   | false | x-cos-acl",
            "x-cos-grant-read                               | host                   | false | x-cos-grant-read",
            "x-cos-grant-full-control                       | host                   | false | x-cos-grant-full-control",
            "x-cos-storage-class                            | host                   | false | x-cos-storage-class",
            "x-cos-server-side-encryption                   | host                   | false | x-cos-server-side-encryption",
            "x-cos-server-side-encryption-customer-key      | host                   | false | x-cos-server-side-encryption-customer-key",
            "x-cos-object-lock-mode                         | host                   | false | x-cos-object-lock-mode",
            "x-cos-tagging                                  | host                   | false | x-cos-tagging",
            "x-amz-bucket-object-lock-enabled               | host                   | false | x-amz-bucket-object-lock-enabled",
            "x-amz-copy-source                              | host                   | false | x-amz-copy-source",
            // replica headers (their owner/header-auth rule stays in ReplicaHeaders)
            "x-cosd-replica-version-id                      | host                   | false | x-cosd-replica-version-id",
            "x-cosd-replica-mtime                           | host;x-cosd-replica-mtime | false | -",
            // SigV4: every x-amz-* header, effect-choosing or not
            "x-amz-meta-a                                   | host                   | true  | x-amz-meta-a",
            "x-amz-content-sha256, x-amz-date               | host;x-amz-date        | true  | x-amz-content-sha256",
            "x-amz-content-sha256, x-amz-date               | host;x-amz-content-sha256;x-amz-date | true | -",
            "x-amz-meta-a                                   | host                   | false | -",
            // SigV4: x-cos-meta-* too (cosd stores it as metadata); other x-cos-* that choose nothing may ride along
            "x-cos-sdk-retry                                | host                   | true  | -",
            "x-cos-meta-a                                   | host                   | true  | x-cos-meta-a",
            "x-cos-meta-a                                   | host;x-cos-meta-a      | true  | -",
            "x-cos-storage-class                            | host                   | true  | x-cos-storage-class",
    })
    void effectChoosingHeadersMustBeSigned(String present, String signed, boolean everyAmz, String offending) {
        assertThat(SignedCoverage.unsignedHeader(headers(present), names(signed), everyAmz)).isEqualTo(offending);
    }

    @ParameterizedTest(name = "{0} headers [{1}] signed [{2}] → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // a write or delete: the conditions choose whether it happens, so they must be signed
            "PUT    | If-Match=*               | host                  | if-match",
            "PUT    | If-None-Match=*          | host                  | if-none-match",
            "POST   | If-Match=\"e\"           | host                  | if-match",
            "DELETE | If-Match=\"e\"           | host                  | if-match",
            "PUT    | If-Match=*               | host;if-match         | -",
            "PUT    | if-none-match=*          | host;if-none-match    | -",
            "PUT    | Host=h                   | host                  | -",
            // a read: they only narrow what the signature allows
            "GET    | If-Match=*, If-None-Match=x | host               | -",
            "HEAD   | If-None-Match=x          | host                  | -",
    })
    void writeConditionsOnAWriteMustBeSignedWhileReadConditionsMayRideAlong_AUTH_3d(String method, String present, String signed,
                                                                                  String offending) {
        assertThat(SignedCoverage.unsignedWriteCondition(method.trim(), headers(present), names(signed))).isEqualTo(offending);
    }

    @ParameterizedTest(name = "headers [{0}] signed [{1}] → {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "x-cos-if-match-size=5                          | host                   | x-cos-if-match-size",
            "x-amz-if-match-last-modified-time=x            | host                   | x-amz-if-match-last-modified-time",
            "x-amz-if-match-size=5                          | host;x-amz-if-match-size | -",
    })
    void theCosdWriteConditionHeadersMustBeSignedInEveryDialect_AUTH_3d(String present, String signed, String offending) {
        assertThat(SignedCoverage.unsignedHeader(headers(present), names(signed), false)).isEqualTo(offending);
    }

    @ParameterizedTest(name = "[{0}] → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "x-cos-copy-source=/a/k, x-amz-copy-source=/b/k      | copy-source",
            "x-cos-copy-source=/a/k, x-amz-copy-source= /a/k     | -",
            "x-cos-storage-class=STANDARD, x-amz-storage-class=ARCHIVE | storage-class",
            "x-amz-tagging=a=1, x-amz-tagging=a=2                | tagging",
            "x-amz-tagging=a=1, x-amz-tagging=a=1                | -",
            "x-cosd-replica-version-id=1, x-cosd-replica-version-id=2 | x-cosd-replica-version-id",
            "x-cos-meta-a=1, x-amz-meta-a=2                      | meta-a",
            "x-cos-meta-a=1, x-amz-meta-a=1                      | -",
            "x-cos-meta-a=1, x-cos-meta-b=2                      | -",
            "Host=a, User-Agent=b                                | -",
    })
    void aHeaderWithTwoDifferentValuesIsAConflict(String present, String conflict) {
        assertThat(SignedCoverage.conflictingHeader(headers(present))).isEqualTo(conflict);
    }

    @ParameterizedTest(name = "headers [{0}] signed [{1}] → {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Content-Type=a, Content-Type=b          | host;content-type | content-type",
            "content-type=a, Content-Type=a          | host;content-type | content-type",
            "Content-Type=a, Host=h                  | host;content-type | -",
            "Host=h, User-Agent=a, User-Agent=b      | host;content-type | -",
            "Host=h, Host=h                          | host              | host",
    })
    void aSignedHeaderSentTwiceIsRefusedBecauseHandlersReadOnlyOneOfTheSignedValues_AUTH_3c(String present, String signed, String offending) {
        assertThat(SignedCoverage.repeatedSignedHeader(headers(present), names(signed))).isEqualTo(offending);
    }

    @ParameterizedTest(name = "headers [{0}] signed [{1}] sigV4 {2} → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "x-amz-object-attributes=ETag, x-amz-object-attributes=ObjectSize | host;x-amz-object-attributes | true  | -",
            "x-amz-object-attributes=ETag, x-amz-object-attributes=ObjectSize | host;x-amz-object-attributes | false | x-amz-object-attributes",
            "Content-Type=a, Content-Type=b                                   | host;content-type            | true  | content-type",
    })
    void onlyUnderSigV4MayAListHeaderReadAsItsJoinedValuesRepeat_AUTH_3c(String present, String signed, boolean sigV4, String offending) {
        assertThat(SignedCoverage.repeatedSignedHeader(headers(present), names(signed), sigV4)).isEqualTo(offending);
    }

    @ParameterizedTest(name = "?{0} signed [{1}] → {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "versionId=1                        | -                      | versionId",
            "versionId=1                        | versionid              | -",
            "uploadId=u&partNumber=2            | uploadid               | partNumber",
            "uploadId=u&partNumber=2            | uploadid;partnumber    | -",
            "response-content-type=x            | -                      | response-content-type",
            "tagging                            | -                      | tagging",
            "tagging=                           | tagging                | -",
            "acl                                | -                      | acl",
            "uploads                            | uploads                | -",
            "prefix=a&marker=b&max-keys=10      | -                      | -",
            "marker=&max-keys=2000              | -                      | -",
            "x-cos-security-token=t             | -                      | -",
            "custom=v                           | -                      | -",
    })
    void qSignMustListTheParametersThatSelectWhatIsDone(String query, String signed, String offending) {
        assertThat(SignedCoverage.unsignedParam(QueryString.parse(query), names(signed))).isEqualTo(offending);
    }

    @ParameterizedTest(name = "?{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "versionId=1&VersionId=2  | VersionId",
            "versionId=1&versionId=2  | versionId",
            "versionId=1&uploadId=2   | -",
            "a                        | -",
    })
    void qSignCannotTellApartNamesThatDifferOnlyInCase(String query, String repeated) {
        assertThat(SignedCoverage.repeatedCosParam(QueryString.parse(query))).isEqualTo(repeated);
    }
}
