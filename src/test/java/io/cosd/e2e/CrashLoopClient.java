package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.URI;
import java.time.Duration;

/** The crash loop's clients: the AWS SDK v2 for the load and the reads, the COS SDK for version listings. */
final class CrashLoopClient {
    private CrashLoopClient() {}

    /**
     * An S3 client that never retries: a retried PUT would blur which attempt was acknowledged, and
     * an attempt the SDK resent after the kill must count as in flight, not as a new write.
     * Checksums only where S3 requires them, so the client spends its share of 2 cores on load.
     */
    static S3Client s3(int port) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** A COS SDK client: its version listing keeps versions and delete markers in one list, in listed order. */
    static COSClient cos(int port) {
        return E2e.cosClient(port, E2e.SECRET_ID, E2e.SECRET_KEY);
    }
}
