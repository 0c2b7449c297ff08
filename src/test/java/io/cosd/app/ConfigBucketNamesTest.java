package io.cosd.app;

import io.cosd.domain.bucket.BucketNaming;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --bucket-names / COSD_BUCKET_NAMES (docs/buckets.md "Bucket names"): flag over environment over cos. */
class ConfigBucketNamesTest {
    @Test
    void cosNamesAreTheDefaultAndTheEnvironmentOrTheFlagChooseS3() {
        assertThat(Config.bucketNaming(null, Map.<String, String>of()::get)).isEqualTo(BucketNaming.COS);
        assertThat(Config.bucketNaming(null, Map.of("COSD_BUCKET_NAMES", "s3")::get)).isEqualTo(BucketNaming.S3);
        assertThat(Config.bucketNaming("cos", Map.of("COSD_BUCKET_NAMES", "s3")::get)).isEqualTo(BucketNaming.COS);
        assertThat(new Config("127.0.0.1", 0, Path.of("d"), "ap-guangzhou", Set.of(), 1000).bucketNaming())
                .isEqualTo(BucketNaming.COS);
    }

    @Test
    void anyOtherSpellingIsAConfigurationError() {
        assertThatThrownBy(() -> Config.bucketNaming("dns", Map.<String, String>of()::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cos or s3");
    }

    @Test
    void theOtherSettersKeepTheNamingMode() {
        Config c = new Config("127.0.0.1", 0, Path.of("d"), "ap-guangzhou", Set.of(), 1000)
                .withBucketNaming(BucketNaming.S3);
        assertThat(c.withAuth(Config.Auth.DEFAULT).withIntegrity(Config.Integrity.DEFAULT).withLifecycle(Config.Lifecycle.DEFAULT)
                .bucketNaming()).isEqualTo(BucketNaming.S3);
    }
}
