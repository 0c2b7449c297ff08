package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's admin pages (docs/console.md "Admin") in headless Chromium, against the /-/admin
 * endpoints (docs/security.md ADM-1..ADM-8): the root creates a user and a key for it (its SecretKey
 * shown once), the user signs in in a second browser and is refused the admin page with the server's
 * AccessDenied, the key is revoked and the user's sign-in then fails; a sub-user's identity policy is
 * saved through its form and as JSON with a signed Content-MD5; the operator adds an account and changes
 * an account's e-mail address (ADM-12); and the replication queue panel
 * follows an upload to COMPLETED. Every effect is read back with {@code cosd admin} or the COS SDK.
 * Screenshots as ConsoleBrowserTest takes them.
 */
@CosdServer
class ConsoleAdminBrowserTest {
    static final Path SHOTS = ConsoleBrowserTest.SHOTS;
    static final String USER = "100000000701";

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static Chromium root, second;

    @BeforeAll
    static void browsers() throws Exception {
        Path downloads = Files.createTempDirectory("cosd-console-admin");
        root = new Chromium(downloads);
        root.windowSize(1200, 800);
    }

    @AfterAll
    static void stop() {
        if (root != null) root.close();
        if (second != null) second.close();
    }

    static String console(String fragment) {
        return "http://127.0.0.1:" + env.port() + "/-/console/" + fragment;
    }

    static void signIn(Chromium c, String id, String key) throws Exception {
        c.open(console("")); // without a fragment: a new page load (as ConsoleBrowserTest's sign-out before each test)
        c.execute("sessionStorage.clear();");
        c.open(console("#/"));
        c.type("#secret-id", id);
        c.type("#secret-key", key);
        c.click("#sign-in");
    }

    @Test
    void theRootCreatesAUserAndAKeyShownOnceTheUserIsRefusedTheAdminPageAndARevokedKeyCannotSignIn() throws Exception {
        signIn(root, E2e.SECRET_ID, E2e.SECRET_KEY);
        root.find("#buckets table, #buckets .empty");
        root.click("#nav-admin");
        root.find("#admin-users table");
        root.type("#new-user-uin", USER);
        root.type("#new-user-name", "Console User");
        root.click("#add-user");
        root.waitFor("document.querySelector(\"#admin-users tr[data-uin='" + USER + "']\")");
        assertThat(E2e.admin(env.dir, "user", "list").out()).contains(USER + "\tsub-user\tConsole User");

        root.execute("document.getElementById('new-key-uin').value = arguments[0];", USER);
        root.click("#create-key");
        String secret = root.waitFor("document.getElementById('new-secret-key')?.value").asText();
        String id = root.execute("return document.getElementById('new-secret-id').textContent;").asText();
        assertThat(secret).hasSize(32);
        assertThat(root.execute("return document.querySelector('#new-secret .warn').textContent;").asText()).contains("shown only this once");
        assertThat(E2e.admin(env.dir, "key", "list").out()).contains(id + "\t" + USER + "\tactive");
        root.screenshot(SHOTS.resolve("admin-new-key.png"));
        // Shown once: the page, reloaded, lists the key without its secret, and nothing was kept in the browser.
        root.click("#dismiss-secret");
        root.open(console("#/admin"));
        root.waitFor("document.querySelector(\"#admin-keys tr[data-secret-id='" + id + "']\")");
        assertThat(root.execute("return document.body.textContent.includes(arguments[0]);", secret).asBoolean()).isFalse();
        assertThat(root.execute("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage);").asText()).doesNotContain(secret);

        // The user, in a second browser, signs in and sees the real AccessDenied on the admin page.
        second = new Chromium(Files.createTempDirectory("cosd-console-admin-2"));
        second.windowSize(1200, 800);
        signIn(second, id, secret);
        second.find("#buckets");
        second.open(console("#/admin"));
        assertThat(second.waitFor("document.querySelector('#admin-users .admin-refused')?.textContent").asText()).startsWith("Access denied (AccessDenied)");
        assertThat(second.waitFor("document.querySelector('#status .error')?.textContent").asText()).startsWith("Access denied");
        second.screenshot(SHOTS.resolve("admin-denied.png"));

        // The root revokes the key; the user's next sign-in fails with the server's code and keeps nothing.
        root.click("#admin-keys tr[data-secret-id='" + id + "'] button");
        root.acceptDialog();
        root.waitFor("document.querySelector(\"#admin-keys tr[data-secret-id='" + id + "']\")?.textContent.includes('revoked')");
        assertThat(E2e.admin(env.dir, "key", "list").out()).contains(id + "\t" + USER + "\trevoked");
        signIn(second, id, secret);
        assertThat(second.waitFor("document.querySelector('#status .error')?.textContent").asText()).contains("InvalidAccessKeyId");
        assertThat(second.execute("return sessionStorage.length;").asInt()).isZero();
        assertThat(second.consoleLog()).noneMatch(l -> l.contains("Content Security Policy"));
    }

    @Test
    void aSubUsersIdentityPolicyIsSavedFromTheConsolesFormAndAsJsonWithASignedContentMd5() throws Exception {
        E2e.admin(env.dir, "user", "add", "--uin", "100000000702", "--name", "pol");
        signIn(root, E2e.SECRET_ID, E2e.SECRET_KEY);
        root.find("#buckets table, #buckets .empty");
        root.open(console("#/admin/policy/100000000702"));
        root.waitFor("document.getElementById('user-policy-state')?.textContent.startsWith('No identity policy')");
        // the form: a statement without principals (an identity policy is the user's own, POL-I1)
        root.click("#user-policy-add-statement");
        assertThat(root.execute("return document.querySelector('.rule [name=principals]');").isNull()).isTrue();
        root.type(".rule [name=sid]", "read-all");
        root.type(".rule [name=actions]", "name/cos:GetObject\nname/cos:HeadObject");
        root.type(".rule [name=resources]", "*");
        root.click("#user-policy-save");
        root.waitFor("document.getElementById('user-policy-state')?.textContent === 'Saved.'");
        JsonNode saved = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                E2e.admin(env.dir, "user", "policy", "get", "--uin", "100000000702").out());
        JsonNode st = saved.path("statement").get(0);
        assertThat(st.path("sid").asText()).isEqualTo("read-all");
        assertThat(st.path("effect").asText()).isEqualTo("allow");
        assertThat(st.path("action")).extracting(JsonNode::asText).containsExactly("name/cos:GetObject", "name/cos:HeadObject");
        assertThat(st.has("principal")).isFalse();
        root.screenshot(SHOTS.resolve("admin-policy.png"));

        // the JSON tab: a document saved as typed
        root.click("#user-policy-mode-xml");
        String doc = "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":[\"name/cos:GetService\"],\"resource\":[\"*\"]}]}";
        root.execute("document.getElementById('user-policy-xml').value = arguments[0];", doc);
        root.click("#user-policy-save");
        root.waitFor("document.getElementById('user-policy-state')?.textContent === 'Saved.'");
        assertThat(E2e.admin(env.dir, "user", "policy", "get", "--uin", "100000000702").out().strip()).isEqualTo(doc);
        root.click("#user-policy-delete");
        root.acceptDialog();
        root.waitFor("document.getElementById('user-policy-state')?.textContent.startsWith('No Identity policy')");
        assertThat(E2e.admin(env.dir, "user", "policy", "get", "--uin", "100000000702").code()).isEqualTo(1);
    }

    @Test
    void theOperatorChangesAnAccountsEmailFromTheConsoleAndTheCliReadsIt_ADM_12() throws Exception {
        E2e.admin(env.dir, "account", "add", "--uin", "100000000720", "--appid", "1250000720", "--email", "before@example.com");
        signIn(root, E2e.SECRET_ID, E2e.SECRET_KEY);
        root.find("#buckets table, #buckets .empty");
        root.open(console("#/admin"));
        root.find("#account-email form");
        root.execute("document.getElementById('email-account').value = arguments[0];", "100000000720");
        root.type("#email-address", "After@Example.com");
        root.click("#email-save");
        root.waitFor("document.querySelector(\"#admin-accounts tr[data-uin='100000000720']\")?.textContent.includes('after@example.com')");
        assertThat(E2e.admin(env.dir, "account", "list").out()).contains("100000000720\t1250000720\t").contains("after@example.com")
                .doesNotContain("before@example.com");
        // another account's address is refused with the server's code, and nothing changes
        root.find("#account-email form");
        root.execute("document.getElementById('email-account').value = arguments[0];", E2e.UIN);
        root.type("#email-address", "after@example.com");
        root.click("#email-save");
        assertThat(root.waitFor("document.querySelector('#status .error')?.textContent").asText()).contains("EntityAlreadyExists");
        root.execute("document.getElementById('account-email').scrollIntoView();");
        root.screenshot(SHOTS.resolve("admin-email.png"));
        // removed
        root.execute("document.getElementById('email-account').value = arguments[0];", "100000000720");
        root.click("#email-clear");
        root.acceptDialog();
        root.waitFor("document.querySelector(\"#admin-accounts tr[data-uin='100000000720']\")?.textContent.includes('\u2014')");
        assertThat(E2e.admin(env.dir, "account", "list").out()).doesNotContain("after@example.com");
    }

    @Test
    void theOperatorAddsAnAccountAndItsRootKeyIsShownOnce() throws Exception {
        signIn(root, E2e.SECRET_ID, E2e.SECRET_KEY);
        root.find("#buckets table, #buckets .empty");
        root.open(console("#/admin"));
        root.find("#admin-accounts table");
        root.type("#new-account-uin", "100000000710");
        root.type("#new-account-appid", "1250000710");
        root.click("#add-account");
        String secret = root.waitFor("document.getElementById('new-secret-key')?.value").asText();
        String id = root.execute("return document.getElementById('new-secret-id').textContent;").asText();
        assertThat(E2e.admin(env.dir, "account", "list").out()).contains("100000000710\t1250000710\t");
        // the key works: the new account's root lists its (empty) buckets through the SDK
        assertThat(E2e.cosClient(env.port(), id, secret).listBuckets()).isEmpty();
        root.execute("document.getElementById('admin-accounts').scrollIntoView();");
        root.screenshot(SHOTS.resolve("admin-accounts.png"));
    }

    @Test
    void theReplicationQueuePanelFollowsAnUploadToCompletedAndResyncs() throws Exception {
        String src = E2e.bucket("console-queue-src"), dst = E2e.bucket("console-queue-dst");
        for (String b : new String[] {src, dst}) {
            cos.createBucket(b);
            cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b,
                    new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        }
        cos.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(src,
                ReplicationConfigApiTest.config("all", "", "qcs::cos:" + E2e.REGION + "::" + dst, "Standard")));
        signIn(root, E2e.SECRET_ID, E2e.SECRET_KEY);
        root.find("#buckets table, #buckets .empty");
        root.open(console("#/b/" + src + "/replication"));
        root.waitFor("document.getElementById('rep-pending')");
        cos.putObject(src, "queued.txt", "replicate me");
        root.click("#replication-queue-refresh");
        root.waitFor("document.getElementById('rep-pending').textContent === '0' && !document.getElementById('rep-done').textContent.startsWith('0')");
        root.click("#replication-refresh");
        root.waitFor("document.querySelector(\"#replication-status tr[data-key='queued.txt'] .rep-completed\")");
        assertThat(cos.doesObjectExist(dst, "queued.txt")).isTrue();
        root.click("#replication-resync");
        assertThat(root.waitFor("document.querySelector('#status .ok')?.textContent").asText()).startsWith("Resync: 0 failed");
        root.execute("document.getElementById('replication-queue').scrollIntoView();");
        root.screenshot(SHOTS.resolve("replication-queue.png"));
    }
}
