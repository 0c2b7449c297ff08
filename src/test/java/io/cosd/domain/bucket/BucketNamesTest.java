package io.cosd.domain.bucket;

import io.cosd.domain.bucket.BucketNames.Verdict;
import io.cosd.domain.replication.Destination;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one bucket-name rule set (docs/buckets.md "Bucket names") as tables, for both naming modes. */
class BucketNamesTest {
    static final String APPID = "1250000000", OTHER = "1259999999";
    static final String N50 = "a".repeat(50), N51 = "a".repeat(51), N49 = "a".repeat(49);

    /** name, verdict in COS mode, verdict in S3 mode (caller APPID 1250000000; 1259999999 is another account's). */
    @ParameterizedTest(name = "{0}: cos {1}, s3 {2}")
    @CsvSource({
            "photos-1250000000, OK, OK",
            "a-1250000000, OK, OK",                                       // a 1-character name part is a COS name
            "0-1250000000, OK, OK",
            "my-photos-1250000000, OK, OK",
            "photos-1259999999, FOREIGN_APPID, FOREIGN_APPID",            // another account's APPID stays theirs
            "logs-2024, MALFORMED, OK",                                   // no account has APPID 2024: a plain S3 name
            "mybucket, MALFORMED, OK",
            "my.bucket.example, MALFORMED, OK",
            "ab, MALFORMED, MALFORMED",                                   // S3: at least 3
            "abc, MALFORMED, OK",
            "Photos-1250000000, MALFORMED, MALFORMED",                    // upper case
            "-photos-1250000000, MALFORMED, MALFORMED",
            "photos--1250000000, MALFORMED, OK",                          // COS: the name part ends with -; S3 allows --
            "my--photos-1250000000, MALFORMED, OK",                       // COS: no '--' in the name part; S3 allows it
            "photos_x-1250000000, MALFORMED, MALFORMED",
            "photos-, MALFORMED, MALFORMED",
            "-1250000000, MALFORMED, MALFORMED",
            "my..bucket, MALFORMED, MALFORMED",
            "foo-.bar, MALFORMED, MALFORMED",
            "foo.-bar, MALFORMED, MALFORMED",
            "192.168.1.1, MALFORMED, MALFORMED",
            "xn--bucket, MALFORMED, MALFORMED",
            "sthree-bucket, MALFORMED, MALFORMED",
            "bucket-s3alias, MALFORMED, MALFORMED",
            "bucket--ol-s3, MALFORMED, MALFORMED",
            "bucket.mrap, MALFORMED, MALFORMED",
            "bucket--x-s3, MALFORMED, MALFORMED",
            "bucket.-dash, MALFORMED, MALFORMED",                         // a label may not start or end with a dash
            "endsdot., MALFORMED, MALFORMED",
            "-, MALFORMED, MALFORMED",
    })
    void eachNameGetsTheVerdictOfItsMode(String name, Verdict cos, Verdict s3) {
        assertThat(BucketNames.check(name, BucketNaming.COS, APPID, OTHER::equals)).isEqualTo(cos);
        assertThat(BucketNames.check(name, BucketNaming.S3, APPID, OTHER::equals)).isEqualTo(s3);
    }

    @Test
    void cosNamesAreAtMostFiftyCharactersBeforeTheAppIdAndSixtyInAll() {
        assertThat(BucketNames.check(N49 + "-" + APPID, BucketNaming.COS, APPID, a -> false)).isEqualTo(Verdict.OK);   // 60
        assertThat(BucketNames.check(N50 + "-" + APPID, BucketNaming.COS, APPID, a -> false)).isEqualTo(Verdict.MALFORMED); // 61
        assertThat(BucketNames.check(N50 + "-1", BucketNaming.COS, "1", a -> false)).isEqualTo(Verdict.OK);
        assertThat(BucketNames.check(N51 + "-1", BucketNaming.COS, "1", a -> false)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void s3NamesAreAtMostSixtyThreeCharacters() {
        assertThat(BucketNames.check("a".repeat(63), BucketNaming.S3, APPID, a -> false)).isEqualTo(Verdict.OK);
        assertThat(BucketNames.check("a".repeat(64), BucketNaming.S3, APPID, a -> false)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aNameThatCanBeCreatedIsAlsoAcceptedAsAReplicationDestination() {
        // The old destination pattern wanted 2-50 characters before the APPID: a-1250000000 was created but refused.
        for (String name : new String[] {"a-" + APPID, "photos-" + APPID, N49 + "-" + APPID, "mybucket", "my.bucket"}) {
            assertThat(Destination.parse("qcs::cos:ap-shanghai::" + name)).as(name).isPresent();
            assertThat(Destination.parse("arn:aws:s3:::" + name)).as(name).isPresent();
        }
        for (String name : new String[] {"Bad-" + APPID, "my..bucket", "ab", "192.168.1.1"}) {
            assertThat(Destination.parse("qcs::cos:ap-shanghai::" + name)).as(name).isEmpty();
            assertThat(Destination.parse("arn:aws:s3:::" + name)).as(name).isEmpty();
        }
    }

    /** ST-V5: names no bucket can have, refused before any lookup; and names that may still be a bucket's, looked up. */
    @ParameterizedTest(name = "{0}: may exist {1}")
    @CsvSource({
            "photos-1250000000, true",
            "a-1, true",                    // the shortest COS name
            "abc, true",
            "my.bucket.example, true",
            "photos--, true",               // breaks a rule but only of its characters' order: looked up (S3 answers NoSuchBucket)
            "foo-.bar, true",               // refused by CreateBucket only since a later rule: an older bucket may have it
            "mybucket, true",               // a plain name stays a bucket's after a switch to --bucket-names cos
            "192.168.1.1, true",
            "ab, false",                    // too short for either form
            "'', false",
            "-, false",                     // cosd's own /-/ paths are routed before this (the Router), never as a bucket
            "Photos-1250000000, false",     // upper case
            "photos_x-1250000000, false",
            "my bucket, false",
            "caf\u00e9-1250000000, false",
            "photos-1250000000/, false",
    })
    void aNameNoBucketCanHaveIsKnownFromItsCharactersAndLength_ST_V5(String name, boolean mayExist) {
        assertThat(BucketNames.mayExist(name)).isEqualTo(mayExist);
    }

    @Test
    void everyNameCreateBucketAcceptsInEitherModeMayExist_ST_V5() {
        String[] names = {"photos-1250000000", "a-1250000000", "0-1250000000", "my-photos-1250000000", "logs-2024", "mybucket",
                "my.bucket.example", "abc", "photos--1250000000", "my--photos-1250000000", N49 + "-" + APPID, N50 + "-1",
                "a".repeat(63), "a".repeat(64), "a".repeat(2000), "Photos-1250000000", "ab", "foo-.bar", "x_y-1250000000"};
        for (String name : names) {
            for (BucketNaming mode : BucketNaming.values()) {
                if (BucketNames.check(name, mode, APPID, OTHER::equals) == Verdict.OK) {
                    assertThat(BucketNames.mayExist(name)).as(name + " (" + mode + ")").isTrue();
                }
            }
        }
        assertThat(BucketNames.mayExist("a".repeat(63))).isTrue();
        assertThat(BucketNames.mayExist("a".repeat(64))).isFalse();
        assertThat(BucketNames.mayExist(null)).isFalse();
    }

    @Test
    void theNamingSettingIsSpelledCosOrS3() {
        assertThat(BucketNaming.parse("cos")).contains(BucketNaming.COS);
        assertThat(BucketNaming.parse(" S3 ")).contains(BucketNaming.S3);
        assertThat(BucketNaming.parse("dns")).isEmpty();
    }
}
