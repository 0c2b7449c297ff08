package io.cosd.store.meta;

import io.cosd.domain.identity.AccessKey;
import io.cosd.domain.identity.Account;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.identity.User;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public interface IdentityContract extends StoreFixture {
    @Test
    default void creatingAnAccountAlsoCreatesItsRootUser() {
        Account a = store().identity().createAccount("100000000001", "1250000000");
        assertThat(store().identity().findAccount("100000000001")).contains(a);
        assertThat(store().identity().listUsers(a)).singleElement()
                .satisfies(u -> assertThat(u.uin()).isEqualTo("100000000001"))
                .satisfies(u -> assertThat(u.isRoot()).isTrue());
    }

    /** Oldest first, so the first is the account the first start created, whatever the uins (ACC-4). */
    @Test
    default void accountsAreListedOldestFirst_ACC_4() throws InterruptedException {
        account("100000000002", "1250000002");
        Thread.sleep(3);
        account("100000000001", "1250000001");
        assertThat(store().identity().listAccounts()).extracting(Account::rootUin)
                .containsExactly("100000000002", "100000000001");
        assertThat(store().identity().accountSummaries()).extracting(s -> s.account().rootUin())
                .containsExactly("100000000002", "100000000001");
        assertThat(store().identity().findAccount("999")).isEmpty();
    }

    @Test
    default void anAccountOwningABucketIsNotRemovedAndOneWithoutIsRemovedWithItsUsersAndKeys_ACC_3() {
        bucket("keep-1250000000", io.cosd.domain.bucket.VersioningState.UNVERSIONED);   // owned by 100000000001
        Account a = store().identity().findAccount("100000000001").orElseThrow();
        Account b = account("100000000002", "1250000002");
        store().identity().addUser(b, "100000000022", "bob");
        store().identity().createKey(b, "100000000002", "AKIDroot2", "s1");
        store().identity().createKey(b, "100000000022", "AKIDbob", "s2");
        store().identity().createKey(a, "100000000001", "AKIDroot1", "s0");
        assertThat(store().identity().accountSummaries()).extracting(s -> s.account().rootUin() + ":" + s.buckets())
                .containsExactlyInAnyOrder("100000000001:1", "100000000002:0");

        assertThatThrownBy(() -> store().identity().removeAccount("100000000001"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("owns 1 bucket");
        assertThat(store().identity().findKey("AKIDroot1")).isPresent();

        assertThat(store().identity().removeAccount("100000000002")).isTrue();
        assertThat(store().identity().findAccount("100000000002")).isEmpty();
        assertThat(store().identity().findKey("AKIDroot2")).isEmpty();
        assertThat(store().identity().findKey("AKIDbob")).isEmpty();
        assertThat(store().identity().removeAccount("100000000002")).isFalse();
        // The uins and the APPID are free again.
        Account again = account("100000000022", "1250000002");
        assertThat(store().identity().listUsers(again)).hasSize(1);
    }

    @Test
    default void aDuplicateUinOrAppIdIsAConflictAndChangesNothing() {
        account("100000000001", "1250000000");
        assertThatThrownBy(() -> store().identity().createAccount("100000000001", "1250000009"))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store().identity().createAccount("100000000002", "1250000000"))
                .isInstanceOf(ConflictException.class);
        assertThat(store().identity().listAccounts()).hasSize(1);
        assertThat(store().identity().findAccount("100000000002")).isEmpty();
    }

    @Test
    default void anAccountsEmailIsUniqueFindsItAndCanBeChangedOrRemoved_ACC_7() {
        Account a = store().identity().createAccount("100000000001", "1250000000", "tester@example.com");
        Account b = account("100000000002", "1250000002");
        assertThat(store().identity().findAccountByEmail("tester@example.com")).contains(a);
        assertThat(store().identity().findAccountByEmail("nobody@example.com")).isEmpty();
        assertThatThrownBy(() -> store().identity().createAccount("100000000003", "1250000003", "tester@example.com"))
                .isInstanceOf(ConflictException.class);
        assertThat(store().identity().findAccount("100000000003")).isEmpty();
        assertThatThrownBy(() -> store().identity().setAccountEmail(b.rootUin(), "tester@example.com")).isInstanceOf(ConflictException.class);
        assertThat(store().identity().setAccountEmail(b.rootUin(), "alt@example.com")).isTrue();
        assertThat(store().identity().findAccountByEmail("alt@example.com")).contains(b);
        assertThat(store().identity().accountSummaries()).extracting(IdentityRepository.AccountSummary::email)
                .containsExactly("tester@example.com", "alt@example.com");
        assertThat(store().identity().setAccountEmail(a.rootUin(), null)).isTrue();
        assertThat(store().identity().findAccountByEmail("tester@example.com")).isEmpty();
        assertThat(store().identity().setAccountEmail("100000000099", "x@example.com")).isFalse();
    }

    @Test
    default void subUsersCanBeAddedListedAndRemovedButTheRootCannotBeRemoved() {
        Account a = account("100000000001", "1250000000");
        User u = store().identity().addUser(a, "100000000011", "alice");
        assertThat(u.isRoot()).isFalse();
        assertThat(store().identity().listUsers(a)).extracting(User::uin).containsExactly("100000000001", "100000000011");
        assertThatThrownBy(() -> store().identity().addUser(a, "100000000011", "again")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store().identity().removeUser(a, "100000000001")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().identity().removeUser(a, "100000000011")).isTrue();
        assertThat(store().identity().removeUser(a, "100000000011")).isFalse();
        assertThat(store().identity().listUsers(a)).extracting(User::uin).containsExactly("100000000001");
    }

    @Test
    default void aUserCannotBeRemovedThroughAnotherAccount() {
        Account a = account("100000000001", "1250000000");
        Account b = account("100000000002", "1250000002");
        store().identity().addUser(a, "100000000011", "alice");
        assertThat(store().identity().removeUser(b, "100000000011")).isFalse();
        assertThat(store().identity().listUsers(a)).hasSize(2);
    }

    @Test
    default void keysAreCreatedFoundListedAndRevoked() {
        Account a = account("100000000001", "1250000000");
        store().identity().addUser(a, "100000000011", "alice");
        AccessKey root = store().identity().createKey(a, "100000000001", "AKIDroot", "secret-root");
        AccessKey sub = store().identity().createKey(a, "100000000011", "AKIDsub", "secret-sub");
        assertThat(root.active()).isTrue();
        assertThat(store().identity().findKey("AKIDroot")).hasValueSatisfying(k -> {
            assertThat(k.secretKey()).isEqualTo("secret-root");
            assertThat(k.account()).isEqualTo(a);
            assertThat(k.principal()).isEqualTo(new Principal.Root(a));
        });
        assertThat(store().identity().findKey("AKIDsub").map(AccessKey::userUin)).contains(sub.userUin());
        assertThat(store().identity().revokeKey("AKIDsub")).isTrue();
        assertThat(store().identity().revokeKey("AKIDsub")).isFalse();
        assertThat(store().identity().revokeKey("AKIDnone")).isFalse();
        assertThat(store().identity().findKey("AKIDsub")).isEmpty();
        assertThat(store().identity().listKeys(a)).extracting(AccessKey::secretId, AccessKey::active)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("AKIDroot", true),
                        org.assertj.core.groups.Tuple.tuple("AKIDsub", false));
    }

    /** ADM-11: account, root user and first key in one transaction; a taken SecretId creates none of them. */
    @Test
    default void anAccountIsCreatedWithItsRootKeyOrNotAtAll_ADM_11() {
        AccessKey k = store().identity().createAccountWithKey("100000000005", "1250000005", "a@example.com", "AKIDfirstFIRST0005", "s3cr3t");
        assertThat(store().identity().findKey("AKIDfirstFIRST0005")).hasValueSatisfying(f -> {
            assertThat(f.secretKey()).isEqualTo("s3cr3t");
            assertThat(f.principal()).isEqualTo(new Principal.Root(k.account()));
        });
        assertThatThrownBy(() -> store().identity().createAccountWithKey("100000000006", "1250000006", null, "AKIDfirstFIRST0005", "x"))
                .isInstanceOf(ConflictException.class);
        assertThat(store().identity().findAccount("100000000006")).isEmpty();
        assertThat(store().identity().findKey("AKIDfirstFIRST0005")).hasValueSatisfying(f -> assertThat(f.secretKey()).isEqualTo("s3cr3t"));
    }

    @Test
    default void aDuplicateSecretIdIsAConflict() {
        Account a = account("100000000001", "1250000000");
        store().identity().createKey(a, "100000000001", "AKID1", "s1");
        assertThatThrownBy(() -> store().identity().createKey(a, "100000000001", "AKID1", "s2"))
                .isInstanceOf(ConflictException.class);
        assertThat(store().identity().findKey("AKID1").map(AccessKey::secretKey)).contains("s1");
    }

    @Test
    default void aKeyForSomeoneElsesUserIsRefused() {
        Account a = account("100000000001", "1250000000");
        Account b = account("100000000002", "1250000002");
        store().identity().addUser(b, "100000000022", "bob");
        assertThatThrownBy(() -> store().identity().createKey(a, "100000000022", "AKIDx", "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().identity().createKey(a, "404", "AKIDy", "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().identity().listKeys(a)).isEmpty();
    }

    @Test
    default void removingAUserRemovesItsKeys() {
        Account a = account("100000000001", "1250000000");
        store().identity().addUser(a, "100000000011", "alice");
        store().identity().createKey(a, "100000000011", "AKIDsub", "s");
        store().identity().removeUser(a, "100000000011");
        assertThat(store().identity().findKey("AKIDsub")).isEmpty();
        assertThat(store().identity().listKeys(a)).isEmpty();
    }
}
