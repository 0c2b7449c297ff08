package io.cosd.domain.bucket;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.acl.ObjectOwnership;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RecreateTest {
    private static final String OWNER = "100000000001";

    private static Acl acl(String canned) {
        return CannedAcl.parse(canned).toAcl(OWNER, OWNER);
    }

    private static ObjectOwnership own(String s) {
        return s.equals("-") ? null : ObjectOwnership.parse(s);
    }

    /** Dialect, region, asked (ACL, ownership, AZ), bucket has (ACL, ownership, AZ) → answer. */
    @ParameterizedTest(name = "{0} {1}: asked {2}/{3}/{4}, has {5}/{6}/{7} → {8}")
    @CsvSource(delimiter = '|', value = {
            "S3  | us-east-1    | private     | -                   | OAZ | private     | -                   | OAZ | UNCHANGED",
            "S3  | us-east-1    | private     | -                   | OAZ | public-read | -                   | OAZ | ALREADY_EXISTS",
            "S3  | us-east-1    | public-read | -                   | OAZ | private     | -                   | OAZ | ALREADY_EXISTS",
            "S3  | us-east-1    | public-read | -                   | OAZ | public-read | -                   | OAZ | UNCHANGED",
            "S3  | us-east-1    | private     | BucketOwnerEnforced | OAZ | private     | BucketOwnerEnforced | OAZ | UNCHANGED",
            "S3  | us-east-1    | private     | -                   | OAZ | private     | BucketOwnerEnforced | OAZ | UNCHANGED",
            "S3  | us-east-1    | private     | BucketOwnerEnforced | OAZ | private     | -                   | OAZ | ALREADY_EXISTS",
            "S3  | us-east-1    | private     | ObjectWriter        | OAZ | private     | -                   | OAZ | ALREADY_EXISTS",
            "S3  | us-east-1    | private     | -                   | MAZ | private     | -                   | OAZ | ALREADY_EXISTS",
            "S3  | ap-guangzhou | private     | -                   | OAZ | private     | -                   | OAZ | ALREADY_OWNED_BY_YOU",
            "S3  | us-west-2    | public-read | -                   | OAZ | private     | -                   | OAZ | ALREADY_OWNED_BY_YOU",
            "COS | us-east-1    | private     | -                   | OAZ | private     | -                   | OAZ | ALREADY_OWNED_BY_YOU",
            "COS | ap-guangzhou | private     | -                   | OAZ | private     | -                   | OAZ | ALREADY_OWNED_BY_YOU",
    })
    void reCreatingYourOwnBucketIsOkOnlyForS3InUsEast1AndOnlyWhenItAsksForNothingNew_ACC_6(
            String dialect, String region, String askedAcl, String askedOwn, String askedAz,
            String hasAcl, String hasOwn, String hasAz, Recreate.Answer answer) {
        var asked = new Recreate.Settings(acl(askedAcl), own(askedOwn), AzType.valueOf(askedAz));
        var has = new Recreate.Settings(acl(hasAcl), own(hasOwn), AzType.valueOf(hasAz));
        assertThat(Recreate.decide(dialect.equals("S3"), region, asked, has)).isEqualTo(answer);
    }

    /** Tags asked at re-creation (BT-6): none asked, or exactly those the bucket has, is 200; any other is 409. */
    @ParameterizedTest(name = "asked tags [{0}], has [{1}] → {2}")
    @CsvSource(delimiter = '|', value = {
            "           |            | UNCHANGED",
            "           | team=blue  | UNCHANGED",
            "team=blue  | team=blue  | UNCHANGED",
            "team=blue  |            | ALREADY_EXISTS",
            "team=blue  | team=red   | ALREADY_EXISTS",
            "team=blue  | team=blue;env=prod | ALREADY_EXISTS",
    })
    void reCreatingYourOwnBucketWithTagsItDoesNotHaveIsAlreadyExists_ACC_6_BT_6(String asked, String has, Recreate.Answer answer) {
        var a = new Recreate.Settings(acl("private"), null, AzType.OAZ, tags(asked));
        var h = new Recreate.Settings(acl("private"), null, AzType.OAZ, tags(has));
        assertThat(Recreate.decide(true, "us-east-1", a, h)).isEqualTo(answer);
    }

    private static java.util.Map<String, String> tags(String spec) {
        var m = new java.util.HashMap<String, String>();
        if (spec != null) for (String kv : spec.trim().split(";")) if (!kv.isBlank()) m.put(kv.split("=")[0], kv.split("=")[1]);
        return m;
    }
}
