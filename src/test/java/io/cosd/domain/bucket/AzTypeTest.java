package io.cosd.domain.bucket;

import io.cosd.domain.object.StorageClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class AzTypeTest {
    @Test
    void bucketAzConfigValuesAreMazOrOazInAnyCaseAndNothingElse() {
        assertThat(AzType.parse("MAZ")).contains(AzType.MAZ);
        assertThat(AzType.parse(" maz ")).contains(AzType.MAZ);
        assertThat(AzType.parse("OAZ")).contains(AzType.OAZ);
        assertThat(AzType.parse("")).isEmpty();
        assertThat(AzType.parse("TRIPLE")).isEmpty();
        assertThat(AzType.parse(null)).isEmpty();
    }

    @Test
    void aMazBucketAdmitsExactlyTheMazClassesAndAnOazBucketTheOthers_LC_E3() {
        for (StorageClass c : StorageClass.values()) {
            boolean maz = c.name().startsWith("MAZ_");
            assertThat(AzType.MAZ.admits(c)).as(c.name()).isEqualTo(maz);
            assertThat(AzType.OAZ.admits(c)).as(c.name()).isEqualTo(!maz);
        }
        assertThat(Arrays.stream(StorageClass.values()).filter(AzType.MAZ::admits)).hasSize(5);
    }

    @Test
    void aBucketWithoutAnAzTypeIsSingleAz() {
        Bucket b = new Bucket("b-1250000000", "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH,
                VersioningState.UNVERSIONED);
        assertThat(b.az()).isEqualTo(AzType.OAZ);
        assertThat(b.multiAz()).isFalse();
    }
}
