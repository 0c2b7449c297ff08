package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import io.cosd.domain.object.Crc64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large plain PUTs take the piece path (docs/performance.md "The 1 MiB PUT": hashed and written from
 * the received buffers, the MD5 on a helper thread when a core is idle, the data fsync beside it),
 * driven by the official COS Java SDK against a real server: alone (the helper) and eight at once
 * (the MD5 inline for most), every object read back by MD5 and CRC64, and a wrong Content-MD5 found
 * only at the end of the body still refused before anything is stored (UB-3).
 */
@CosdServer
class LargePutE2eTest {
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("largeput");

    @BeforeAll
    static void fixtures() {
        cos.createBucket(BUCKET);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] md5(byte[] b) throws Exception {
        return MessageDigest.getInstance("MD5").digest(b);
    }

    private static ObjectMetadata length(long n) {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(n);
        return m;
    }

    private void putAndReadBack(String key, byte[] body) throws Exception {
        var put = cos.putObject(new PutObjectRequest(BUCKET, key, new ByteArrayInputStream(body), length(body.length)));
        assertThat(put.getETag()).isEqualToIgnoringCase(HexFormat.of().formatHex(md5(body)));
        assertThat(put.getCrc64Ecma()).isEqualTo(Crc64.toString(Crc64.of(body)));
        try (var obj = cos.getObject(BUCKET, key); var in = obj.getObjectContent()) {
            assertThat(md5(in.readAllBytes())).isEqualTo(md5(body));
        }
    }

    @Test
    void aLoneLargePutRoundTripsWithItsMd5AndCrc64() throws Exception {
        putAndReadBack("alone.bin", random(3 * 1024 * 1024 + 17, 1));
    }

    @Test
    void eightLargePutsAtOnceEachRoundTripWithTheirOwnHashes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    putAndReadBack("many/" + n, random(1024 * 1024 + 4096 * n, 100 + n));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLargeBodyWhoseContentMd5IsWrongIsBadDigestAndNotStored_UB_3() {
        byte[] body = random(2 * 1024 * 1024, 3);
        ObjectMetadata m = length(body.length);
        m.setContentMD5(Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> cos.putObject(new PutObjectRequest(BUCKET, "bad-md5.bin", new ByteArrayInputStream(body), m)))
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("BadDigest"));
        assertThat(cos.doesObjectExist(BUCKET, "bad-md5.bin")).isFalse();
    }
}
