package io.cosd.domain.policy;

import org.junit.jupiter.api.Test;

import io.cosd.domain.identity.Principal;

import java.util.Map;

import static io.cosd.domain.policy.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may delete a specific version or delete marker (docs/spec/semantics.md §2.4 VER-D6, §6 INT-7):
 * COS keeps it to the root account and those it authorises; in cosd that authorisation is a bucket
 * policy, with the same action as any delete plus the {@code cos:versionid} condition on COS and the
 * {@code s3:DeleteObjectVersion} action on S3.
 */
class VersionDeleteAuthorityTest {
    /** A DELETE naming a version: COS asks for DeleteObject with cos:versionid, S3 for s3:DeleteObjectVersion. */
    private static PolicyRequest deleteVersion(Principal who, String versionId) {
        return req(who, "DeleteObject", "s3:DeleteObjectVersion", "a.txt", Map.of(ContextKey.VERSION_ID, versionId));
    }

    @Test
    void theRootMayDeleteAVersionAndOthersOnlyWhenAPolicyAuthorisesThem_VER_D6() {
        assertThat(eval(null, deleteVersion(ROOT, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isTrue();
        assertThat(eval(null, deleteVersion(SUB, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isFalse();
        assertThat(eval(null, deleteVersion(ANON, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isFalse();

        Policy granted = compile(cos(SUB_CAM, "allow", "name/cos:DeleteObject", RES + "*", null));
        assertThat(eval(granted, deleteVersion(SUB, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isTrue();
        assertThat(eval(granted, deleteVersion(OTHER_SUB, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isFalse();
    }

    @Test
    void aCosDenyOnTheNullVersionIdProtectsObjectsFromBeforeVersioning_VER_D6() {
        String denyNull = "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:DeleteObject\"],\"resource\":[\"" + RES + "*\"]},"
                + "{\"principal\":{\"qcs\":[\"" + SUB_CAM + "\"]},\"effect\":\"deny\",\"action\":[\"name/cos:DeleteObject\"],\"resource\":[\"" + RES + "*\"],"
                + "\"condition\":{\"string_equal\":{\"cos:versionid\":\"null\"}}}]}";
        Policy p = compile(denyNull);
        assertThat(eval(p, deleteVersion(SUB, "null")).reason()).isEqualTo(Decision.Reason.EXPLICIT_DENY);
        assertThat(eval(p, deleteVersion(SUB, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isTrue();
    }

    @Test
    void anS3GrantForDeleteObjectDoesNotCoverDeletingAVersion_VER_D6() {
        Policy deleteOnly = compile("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::100000000001:user/100000000011\"},"
                + "\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::examplebucket-1250000000/*\"}]}");
        assertThat(eval(deleteOnly, req(SUB, "DeleteObject", "s3:DeleteObject", "a.txt", Map.of())).allowed()).isTrue();
        assertThat(eval(deleteOnly, deleteVersion(SUB, "MTg0NDUxNzgyODk2ODc1NjY0NzQ")).allowed()).isFalse();
    }
}
