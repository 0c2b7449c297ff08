package io.cosd.api.bucket;

import io.cosd.domain.bucket.BucketNames.Verdict;
import io.cosd.domain.bucket.BucketNaming;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The InvalidBucketName message (docs/buckets.md "Bucket names"). */
class BucketNameHintTest {
    @Test
    void anAuthenticatedCallerIsToldTheRuleTheirAppIdAndANameThatWouldWork() {
        assertThat(BucketNameHint.message("mybucket", Verdict.MALFORMED, BucketNaming.COS, "1251234567"))
                .startsWith("The specified bucket is not valid. Bucket names are <name>-<APPID>")
                .contains("your account's APPID 1251234567").endsWith("(e.g. mybucket-1251234567).");
    }

    @Test
    void aNameEndingInAnotherAccountsAppIdIsToldSoWithTheNameUnderTheCallersOwn() {
        assertThat(BucketNameHint.message("photos-1259999999", Verdict.FOREIGN_APPID, BucketNaming.COS, "1251234567"))
                .contains("another account's APPID").endsWith("(e.g. photos-1251234567).");
    }

    @Test
    void aNameThatCannotTakeASuffixGetsAGenericExample() {
        assertThat(BucketNameHint.message("My_Bucket", Verdict.MALFORMED, BucketNaming.COS, "1251234567"))
                .endsWith("(e.g. mybucket-1251234567).");
    }

    @Test
    void inS3ModeTheMessageAlsoDescribesPlainNames() {
        assertThat(BucketNameHint.message("ab", Verdict.MALFORMED, BucketNaming.S3, "1251234567"))
                .contains("plain S3 names (3-63").contains("1251234567");
    }

    @Test
    void anAnonymousCallerGetsTheGenericHintWithoutAnyAppId() {
        assertThat(BucketNameHint.message("mybucket", Verdict.MALFORMED, BucketNaming.COS, null))
                .contains("<name>-<APPID>").contains("the bucket owner's account APPID").doesNotContainPattern("[0-9]{10}");
    }
}
