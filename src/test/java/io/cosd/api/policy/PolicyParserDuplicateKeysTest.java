package io.cosd.api.policy;

import io.cosd.api.error.ApiException;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A policy whose JSON repeats a key at any depth is MalformedPolicy: a parser that kept one of the two
 * values would enforce a policy other than the one the owner reads (docs/security.md).
 */
class PolicyParserDuplicateKeysTest {
    private static final Bucket BUCKET = new Bucket("dup-1250000000", "100000000001", "1250000000", "ap-guangzhou",
            Instant.parse("2026-01-01T00:00:00Z"), VersioningState.UNVERSIONED);
    private static final String ALLOW = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/100000000011\"},"
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::dup-1250000000/*\"}";
    private static final String DENY = ALLOW.replace("\"Allow\"", "\"Deny\"");

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"Version\":\"2012-10-17\",\"Statement\":[ALLOW],\"Statement\":[DENY]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::dup-1250000000/*\"}]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"a\",\"AWS\":\"*\"},"
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::dup-1250000000/*\"}]}",
            "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":[ALLOW]}",
    })
    void aRepeatedKeyAtAnyDepthIsMalformedPolicy(String doc) {
        String text = doc.replace("ALLOW", ALLOW).replace("DENY", DENY);
        assertThatThrownBy(() -> PolicyParser.parse(text, BUCKET)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code().code()).isEqualTo("MalformedPolicy");
            assertThat(e.getMessage()).contains("Duplicate field");
        });
    }

    @Test
    void theSameDocumentWithoutTheRepeatIsAccepted() {
        assertThat(PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + ALLOW + "," + DENY + "]}", BUCKET)).isNotNull();
    }
}
