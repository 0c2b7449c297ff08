package io.cosd.domain.bucket;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BucketListingTest {
    static Bucket b(String name, String region, long created) {
        return new Bucket(name, "100000000001", "1250000000", region, Instant.ofEpochSecond(created), VersioningState.UNVERSIONED, AzType.OAZ);
    }

    static final List<Bucket> ALL = List.of(b("c-1", "ap-guangzhou", 300), b("a-1", "ap-guangzhou", 100),
            b("b-1", "ap-beijing", 200), b("logs-1", "ap-guangzhou", 400));

    static List<String> names(BucketListing.Page p) {
        return p.buckets().stream().map(Bucket::name).toList();
    }

    @Test
    void pagesGoByNameAfterTheMarkerAndSayWhereTheNextStarts_BKT_L1() {
        var first = new BucketListing(null, null, null, null, null, 2).page(ALL, x -> true);
        assertThat(names(first)).containsExactly("a-1", "b-1");
        assertThat(first.truncated()).isTrue();
        assertThat(first.next()).isEqualTo("b-1");
        var second = new BucketListing(null, null, null, null, first.next(), 2).page(ALL, x -> true);
        assertThat(names(second)).containsExactly("c-1", "logs-1");
        assertThat(second.truncated()).isFalse();
        assertThat(second.next()).isNull();
        var exact = new BucketListing(null, null, null, null, null, 4).page(ALL, x -> true);
        assertThat(exact.truncated()).as("a full last page is not truncated").isFalse();
    }

    @Test
    void everyFilterKeepsOnlyWhatItNamesAndFiltersComeBeforeThePageSize_BKT_L2() {
        assertThat(names(new BucketListing("l", null, null, null, null, 10).page(ALL, x -> true))).containsExactly("logs-1");
        assertThat(names(new BucketListing(null, "ap-beijing", null, null, null, 10).page(ALL, x -> true))).containsExactly("b-1");
        assertThat(names(new BucketListing(null, null, Instant.ofEpochSecond(300), null, null, 10).page(ALL, x -> true)))
                .as("created strictly before").containsExactly("a-1", "b-1");
        assertThat(names(new BucketListing(null, null, null, Instant.ofEpochSecond(300), null, 10).page(ALL, x -> true)))
                .as("created strictly after").containsExactly("logs-1");
        var filtered = new BucketListing(null, "ap-guangzhou", null, null, null, 1).page(ALL, x -> !x.name().equals("a-1"));
        assertThat(names(filtered)).containsExactly("c-1");
        assertThat(filtered.truncated()).isTrue();
    }
}
