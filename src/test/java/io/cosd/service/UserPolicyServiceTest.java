package io.cosd.service;

import io.cosd.api.error.ApiException;
import io.cosd.api.policy.PolicyParser;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Identity policies as a service over a real SQLite store (docs/policy.md "Identity policies"):
 * validated before they are stored, kept verbatim, removed with their user, compiled once per
 * change, and seen by a second process's service (the CLI writes while the server runs) on the next
 * request (POL-I1, POL-I7).
 */
class UserPolicyServiceTest {
    static final String ROOT = "100000000001", SUB = "100000000011", APPID = "1250000000";
    static final String DOC = "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"name/cos:GetService\"],\"resource\":[\"*\"]}]}";
    static final String DOC2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;
    MetadataStore meta;
    Account account;
    final AtomicInteger compiles = new AtomicInteger();
    UserPolicyService server;
    UserPolicyService cli;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        account = meta.identity().createAccount(ROOT, APPID);
        meta.identity().addUser(account, SUB, "alice");
        server = new UserPolicyService(meta, (text, a) -> {
            compiles.incrementAndGet();
            return PolicyParser.parseIdentity(text, a.appId(), "ap-guangzhou");
        });
        cli = new UserPolicyService(meta, (text, a) -> PolicyParser.parseIdentity(text, a.appId(), "ap-guangzhou"));
    }

    @AfterEach
    void close() { meta.close(); }

    Principal.SubUser sub() { return new Principal.SubUser(account, SUB); }

    @Test
    void aDocumentIsStoredVerbatimAndCompiledOncePerChange_POL_I1_I7() {
        assertThat(server.policy(sub())).isNull();
        String spaced = "  " + DOC + "\n";
        cli.put(account, SUB, spaced);
        assertThat(cli.document(account, SUB)).contains(spaced);
        assertThat(server.policy(sub()).size()).isEqualTo(1);
        server.policy(sub());
        server.policy(sub());
        assertThat(compiles).hasValue(1);
        cli.put(account, SUB, DOC2);   // another process's change is seen on the next request
        assertThat(server.policy(sub()).version()).isEqualTo("2012-10-17");
        assertThat(compiles).hasValue(2);
        assertThat(cli.delete(account, SUB)).isTrue();
        assertThat(cli.delete(account, SUB)).isFalse();
        assertThat(server.policy(sub())).isNull();
    }

    @Test
    void aDefectiveDocumentIsRefusedAndNothingChanges_POL_I1() {
        cli.put(account, SUB, DOC);
        assertThatThrownBy(() -> cli.put(account, SUB, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"*\"]},"
                + "\"effect\":\"allow\",\"action\":[\"*\"],\"resource\":[\"*\"]}]}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("should not specify a principal");
        assertThatThrownBy(() -> cli.put(account, SUB, "not json")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> cli.put(account, SUB, "{\"version\":\"2.0\",\"statement\":[" + ",{}".repeat(7000).substring(1) + "]}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("maximum allowed document size");
        assertThat(cli.document(account, SUB)).contains(DOC);
    }

    @Test
    void onlySubUsersOfTheAccountCarryOne_POL_I1_I7() {
        assertThatThrownBy(() -> cli.put(account, ROOT, DOC)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root");
        assertThatThrownBy(() -> cli.put(account, "100000000099", DOC)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user");
        assertThat(server.policy(new Principal.Root(account))).isNull();
        assertThat(server.policy(Principal.ANONYMOUS)).isNull();
    }

    @Test
    void removingTheUserRemovesItsPolicyAndAReAddedUserStartsWithout_POL_I1() {
        cli.put(account, SUB, DOC2);
        assertThat(server.policy(sub())).isNotNull();
        meta.identity().removeUser(account, SUB);
        meta.identity().addUser(account, SUB, "alice again");
        assertThat(server.policy(sub())).isNull();
        assertThat(meta.userPolicies().find(SUB)).isEmpty();
    }
}
