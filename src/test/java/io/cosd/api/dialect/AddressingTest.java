package io.cosd.api.dialect;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.BucketNaming;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host and path → bucket and key (docs/spec/protocol.md §1.5), as a table. */
class AddressingTest {
    private final Addressing addressing = new Addressing(Set.of("cos.local.test"));

    @ParameterizedTest(name = "{0} with Host {1} → bucket={2} key={3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "/dir/a%20b.txt                  | examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com   | examplebucket-1250000000 | dir/a b.txt",
            "/a%2Bb+c                        | examplebucket-1250000000.cos.ap-beijing.myqcloud.com     | examplebucket-1250000000 | a+b+c",
            "/x%2Fy                          | examplebucket-1250000000.cos.ap-guangzhou.tencentcos.cn  | examplebucket-1250000000 | x/y",
            "/.%2Fk                          | examplebucket-1250000000.cos-internal.ap-guangzhou.tencentcos.cn | examplebucket-1250000000 | ./k",
            "/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91) | examplebucket-1250000000.cos.ap-beijing.myqcloud.com:8080 | examplebucket-1250000000 | exampleobject(腾讯云)",
            "/?cors                          | examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com   | examplebucket-1250000000 | -",
            "/k                              | b-1250000000.cos.local.test:9000                         | b-1250000000             | k",
            "/                               | service.cos.myqcloud.com                                 | -                        | -",
            "/?marker=&max-keys=2000         | 127.0.0.1:9000                                           | -                        | -",
            "/b-1250000000/a/b.txt           | 127.0.0.1:9000                                           | b-1250000000             | a/b.txt",
            "/b-1250000000                   | localhost:9000                                           | b-1250000000             | -",
            "/b-1250000000/                  | cos.ap-guangzhou.myqcloud.com                            | b-1250000000             | -",
            "http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/?cors | examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com | examplebucket-1250000000 | -",
            "http://service.cos.myqcloud.com/?marker=&max-keys=2000 | service.cos.myqcloud.com | - | -",
            "http://B-1250000000.cos.ap-guangzhou.myqcloud.com:80/k | b-1250000000.cos.ap-guangzhou.myqcloud.com | b-1250000000 | k",
            "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/k | B-1250000000.cos.ap-guangzhou.myqcloud.com:443 | b-1250000000 | k",
            "http://127.0.0.1:9000/b-1250000000/k | 127.0.0.1:9000 | b-1250000000 | k",
    })
    void resolvesTheBucketAndKey(String uri, String host, String bucket, String key) {
        var t = addressing.resolve(uri.trim(), host.trim());
        assertThat(t.bucket()).isEqualTo(bucket);
        assertThat(t.key()).isEqualTo(key);
    }

    /** Virtual-host labels under a --domain-suffix follow the deployment's bucket names (BucketNames, docs/buckets.md). */
    @ParameterizedTest(name = "Host {0}: cos mode bucket={1}, s3 mode bucket={2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "b-1250000000.cos.local.test      | b-1250000000 | b-1250000000",
            "a-1250000000.cos.local.test      | a-1250000000 | a-1250000000",
            "mybucket.cos.local.test          | -            | mybucket",
            "my.dotted.bucket.cos.local.test  | -            | my.dotted.bucket",
            "www.cos.local.test               | -            | www",
            "ab.cos.local.test                | -            | -",
    })
    void suffixLabelsFollowTheBucketNamingMode(String host, String cosBucket, String s3Bucket) {
        assertThat(addressing.resolve("/", host.trim()).bucket()).isEqualTo(cosBucket);
        var s3 = new Addressing(Set.of("cos.local.test"), BucketNaming.S3);
        assertThat(s3.resolve("/", host.trim()).bucket()).isEqualTo(s3Bucket);
    }

    @ParameterizedTest(name = "{0} with Host {1} is 400 InvalidRequest")
    @CsvSource(delimiter = '|', value = {
            "http://b-1250000000.cos.ap-guangzhou.myqcloud.com/k | a-1250000000.cos.ap-guangzhou.myqcloud.com",
            "http://a-1250000000.cos.ap-guangzhou.myqcloud.com/k | 127.0.0.1:9000",
            "http://127.0.0.1:9000/b-1250000000/k                | 127.0.0.1:9001",
            "http://b-1250000000.cos.ap-guangzhou.myqcloud.com:8080/k | b-1250000000.cos.ap-guangzhou.myqcloud.com",
            "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/k | b-1250000000.cos.ap-guangzhou.myqcloud.com:80",
            "http://user@b-1250000000.cos.ap-guangzhou.myqcloud.com/k | b-1250000000.cos.ap-guangzhou.myqcloud.com",
    })
    void anAbsoluteFormTargetNamingAnotherHostThanTheHostHeaderIsRefused(String uri, String host) {
        assertThatThrownBy(() -> addressing.resolve(uri.trim(), host.trim()))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @org.junit.jupiter.api.Test
    void theSignedHostIsTheHostAsSentAndTheAuthorityWhenThereIsNoHostHeader() {
        assertThat(addressing.resolve("/k", "B-1250000000.cos.ap-guangzhou.myqcloud.com:9000").signedHost())
                .isEqualTo("B-1250000000.cos.ap-guangzhou.myqcloud.com:9000");
        assertThat(addressing.resolve("http://b-1250000000.cos.ap-guangzhou.myqcloud.com/k", null).signedHost())
                .isEqualTo("b-1250000000.cos.ap-guangzhou.myqcloud.com");
    }
}
