package io.cosd.api.acl;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A grant header or form field cosd does not know is refused naming it, never ignored (docs/acl.md "Grant headers", UB-1). */
class AclHeadersTest {
    @ParameterizedTest(name = "{0}: known {1}")
    @CsvSource({
            "x-amz-grant-read, true", "x-cos-grant-write, true", "X-Amz-Grant-Read-Acp, true", "x-cos-grant-write-acp, true",
            "x-amz-grant-full-control, true", "x-amz-acl, true", "x-amz-meta-grant, true", "content-type, true",
            "x-amz-grant-write-acl, false", "x-cos-grant-fullcontrol, false", "X-Amz-Grant-Admin, false", "x-amz-grant-, false",
    })
    void aGrantNameCosdDoesNotKnowIsInvalidArgumentNamingIt_ACL_H4(String name, boolean known) {
        for (String what : new String[] {"header", "form field"}) {
            if (known) {
                assertThatCode(() -> AclHeaders.refuseUnknownGrants(List.of("Host", name), what)).doesNotThrowAnyException();
            } else {
                assertThatThrownBy(() -> AclHeaders.refuseUnknownGrants(List.of("Host", name), what))
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.code().code()).isEqualTo("InvalidArgument");
                            assertThat(e.code().status()).isEqualTo(400);
                            assertThat(e.getMessage()).contains("The " + what + " " + name);
                        });
            }
        }
    }
}
