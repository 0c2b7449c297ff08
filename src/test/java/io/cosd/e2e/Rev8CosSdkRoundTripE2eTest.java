package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.AccessControlList;
import com.qcloud.cos.model.Owner;
import com.qcloud.cos.model.Permission;
import com.qcloud.cos.model.UinGrantee;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review probes (second reviewer, access control): an ACL holding a sub-user grant (ACL-M6) or LogDelivery
 * (ACL-M7) read with the COS Java SDK and written back unchanged, as a client that edits an ACL does
 * (get, add or keep, set). Each test states what should hold; a failing one is a finding.
 */
@CosdServer
class Rev8CosSdkRoundTripE2eTest {
    @CosdServer.Inject static E2e env;

    static String cam(String uin) { return "qcs::cam::uin/" + E2e.UIN + ":uin/" + uin; }

    @Test
    void aSubUserGrantReadWithTheCosSdkIsWrittenBackUnchanged_ACL_M6_ACL_X1() {
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", "100000000181", "--name", "rt181").code()).isZero();
        String b = E2e.bucket("rev8-rt-sub");
        COSClient cos = env.cos();
        cos.createBucket(b);
        AccessControlList acl = new AccessControlList();
        Owner owner = new Owner();
        owner.setId(cam(E2e.UIN));
        acl.setOwner(owner);
        acl.grantPermission(new UinGrantee(cam(E2e.UIN)), Permission.FullControl);
        acl.grantPermission(new UinGrantee(cam("100000000181")), Permission.Read);
        cos.setBucketAcl(b, acl);
        AccessControlList got = cos.getBucketAcl(b);
        cos.setBucketAcl(b, got);   // written back as read
        assertThat(cos.getBucketAcl(b).getGrantsAsList()).extracting(g -> g.getGrantee().getIdentifier() + " " + g.getPermission())
                .containsExactlyInAnyOrderElementsOf(got.getGrantsAsList().stream().map(g -> g.getGrantee().getIdentifier() + " " + g.getPermission()).toList());
    }
}
