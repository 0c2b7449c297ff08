package io.cosd.api.route;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The router as a table: (method, bucket?, key?, query, copy-source?) → operation or error. */
class RouterTest {
    @ParameterizedTest(name = "{0} bucket={1} key={2} ?{3} copy={4} routes to {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET    | -   | -   |                                   | false | LIST_BUCKETS",
            "GET    | -   | -   | marker=&max-keys=2000             | false | LIST_BUCKETS",
            "PUT    | b-1 | -   |                                   | false | CREATE_BUCKET",
            "HEAD   | b-1 | -   |                                   | false | HEAD_BUCKET",
            "DELETE | b-1 | -   |                                   | false | DELETE_BUCKET",
            "GET    | b-1 | -   | prefix=&delimiter=&marker=&max-keys=1000&encoding-type=url | false | LIST_OBJECTS",
            "GET    | b-1 | -   | list-type=2&continuation-token=x  | false | LIST_OBJECTS_V2",
            "GET    | b-1 | -   | location                          | false | GET_BUCKET_LOCATION",
            "POST   | b-1 | -   | delete                            | false | DELETE_OBJECTS",
            "POST   | b-1 | -   | delete=                           | false | DELETE_OBJECTS",
            "POST   | b-1 | -   |                                   | false | POST_OBJECT",
            "POST   | b-1 | -   | x-custom=1                        | false | POST_OBJECT",
            "PUT    | b-1 | -   | cors                              | false | PUT_BUCKET_CORS",
            "GET    | b-1 | -   | cors=                             | false | GET_BUCKET_CORS",
            "DELETE | b-1 | -   | cors                              | false | DELETE_BUCKET_CORS",
            "PUT    | b-1 | -   | lifecycle                         | false | PUT_BUCKET_LIFECYCLE",
            "DELETE | b-1 | -   | lifecycle=                        | false | DELETE_BUCKET_LIFECYCLE",
            "PUT    | b-1 | -   | versioning                        | false | PUT_BUCKET_VERSIONING",
            "GET    | b-1 | -   | versions&prefix=exa&encoding-type=url&max-keys=1000 | false | LIST_OBJECT_VERSIONS",
            "PUT    | b-1 | -   | replication                       | false | PUT_BUCKET_REPLICATION",
            "GET    | b-1 | -   | policy                            | false | GET_BUCKET_POLICY",
            "GET    | b-1 | -   | uploads                           | false | LIST_MULTIPART_UPLOADS",
            "GET    | b-1 | -   | acl                               | false | GET_BUCKET_ACL",
            "PUT    | b-1 | -   | acl                               | false | PUT_BUCKET_ACL",
            // bucket tagging (BT-1, BT-3, BT-4); the same keyword on a key is object tagging
            "GET    | b-1 | -   | tagging                           | false | GET_BUCKET_TAGGING",
            "PUT    | b-1 | -   | tagging                           | false | PUT_BUCKET_TAGGING",
            "PUT    | b-1 | -   | tagging=                          | false | PUT_BUCKET_TAGGING",
            "DELETE | b-1 | -   | tagging                           | false | DELETE_BUCKET_TAGGING",
            "PUT    | b-1 | k   | tagging                           | false | PUT_OBJECT_TAGGING",
            // bucket default encryption (SSE-D1, SSE-D2); not a sub-resource of a key
            "GET    | b-1 | -   | encryption                        | false | GET_BUCKET_ENCRYPTION",
            "PUT    | b-1 | -   | encryption                        | false | PUT_BUCKET_ENCRYPTION",
            "DELETE | b-1 | -   | encryption                        | false | DELETE_BUCKET_ENCRYPTION",
            "GET    | b-1 | k   | acl&versionId=v1                  | false | GET_OBJECT_ACL",
            "PUT    | b-1 | k   | acl                               | false | PUT_OBJECT_ACL",
            "PUT    | b-1 | -   | publicAccessBlock                 | false | PUT_PUBLIC_ACCESS_BLOCK",
            "GET    | b-1 | -   | publicAccessBlock                 | false | GET_PUBLIC_ACCESS_BLOCK",
            "DELETE | b-1 | -   | publicAccessBlock=                | false | DELETE_PUBLIC_ACCESS_BLOCK",
            "PUT    | b-1 | -   | ownershipControls                 | false | PUT_OWNERSHIP_CONTROLS",
            "GET    | b-1 | -   | ownershipControls                 | false | GET_OWNERSHIP_CONTROLS",
            "DELETE | b-1 | -   | ownershipControls=                | false | DELETE_OWNERSHIP_CONTROLS",
            "GET    | b-1 | -   | policyStatus                      | false | GET_BUCKET_POLICY_STATUS",
            "GET    | b-1 | -   | website                           | false | UNSUPPORTED_WEBSITE",
            "PUT    | b-1 | k   |                                   | false | PUT_OBJECT",
            "PUT    | b-1 | k   | x-id=PutObject                    | false | PUT_OBJECT",
            "PUT    | b-1 | k   |                                   | true  | COPY_OBJECT",
            "GET    | b-1 | k   | response-content-type=text%2Fplain&versionId=abc | false | GET_OBJECT",
            "GET    | b-1 | k   | q-sign-algorithm=sha1&q-ak=a&q-signature=x | false | GET_OBJECT",
            "GET    | b-1 | k   | sign=q-sign-algorithm%3Dsha1      | false | GET_OBJECT",
            "GET    | b-1 | k   | X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=x | false | GET_OBJECT",
            "HEAD   | b-1 | k   |                                   | false | HEAD_OBJECT",
            "DELETE | b-1 | k   |                                   | false | DELETE_OBJECT",
            "OPTIONS| b-1 | k   |                                   | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | -   | lifecycle                         | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | -   |                                   | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | -   | cors                              | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | k   | uploads                           | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | k   | X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=x | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | -   | frobnicate                        | false | OPTIONS_OBJECT",
            "OPTIONS| b-1 | -   | cors&lifecycle                    | false | OPTIONS_OBJECT",
            "OPTIONS| -   | -   |                                   | false | OPTIONS_OBJECT",
            "POST   | b-1 | k   | uploads                           | false | INITIATE_MULTIPART_UPLOAD",
            "PUT    | b-1 | k   | partNumber=1&uploadId=u           | false | UPLOAD_PART",
            "PUT    | b-1 | k   | uploadId=u&partNumber=2           | true  | UPLOAD_PART_COPY",
            "POST   | b-1 | k   | uploadId=u                        | false | COMPLETE_MULTIPART_UPLOAD",
            "DELETE | b-1 | k   | uploadId=u                        | false | ABORT_MULTIPART_UPLOAD",
            "GET    | b-1 | k   | uploadId=u&part-number-marker=0   | false | LIST_PARTS",
            "POST   | b-1 | k   | uploads=                          | false | INITIATE_MULTIPART_UPLOAD",
            "GET    | b-1 | k   | partNumber=2                      | false | GET_OBJECT",
            "HEAD   | b-1 | k   | partNumber=1                      | false | HEAD_OBJECT",
            "GET    | b-1 | k   | attributes                        | false | GET_OBJECT_ATTRIBUTES",
            "GET    | b-1 | k   | attributes&versionId=v            | false | GET_OBJECT_ATTRIBUTES",
            "PUT    | b-1 | k   | tagging                           | false | PUT_OBJECT_TAGGING",
            "GET    | b-1 | k   | tagging&versionId=v               | false | GET_OBJECT_TAGGING",
            "DELETE | b-1 | k   | tagging                           | false | DELETE_OBJECT_TAGGING",
            "POST   | b-1 | k   | restore                           | false | RESTORE_OBJECT",
            "GET    | b-1 | k   | custom=value                      | false | GET_OBJECT",
    })
    void routesDocumentedRequests(String method, String bucket, String key, String query, boolean copy, Operation expected) {
        assertThat(Router.route(method.trim(), bucket, key, QueryParams.parse(query == null ? "" : query.trim()), copy)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bucket={1} key={2} ?{3} is {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET    | b-1 | -   | frobnicate        | InvalidArgument",
            "GET    | b-1 | k   | frobnicate=       | InvalidArgument",
            "GET    | b-1 | -   | cors&lifecycle    | InvalidArgument",
            "POST   | b-1 | -   | cors              | MethodNotAllowed",
            "POST   | b-1 | -   | publicAccessBlock | MethodNotAllowed",
            "POST   | b-1 | -   | ownershipControls | MethodNotAllowed",
            "POST   | b-1 | -   | encryption        | MethodNotAllowed",
            "PUT    | b-1 | k   | encryption        | MethodNotAllowed",
            "PUT    | b-1 | -   | policyStatus      | MethodNotAllowed",
            "POST   | b-1 | k   |                   | MethodNotAllowed",
            "PUT    | -   | -   |                   | MethodNotAllowed",
            "PATCH  | b-1 | k   |                   | MethodNotAllowed",
            "GET    | -   | -   | cors              | MethodNotAllowed",
    })
    void nothingFallsThroughToAnotherOperation(String method, String bucket, String key, String query, String code) {
        assertThatThrownBy(() -> Router.route(method.trim(), bucket, key, QueryParams.parse(query == null ? "" : query.trim()), false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    /**
     * cosd's own endpoints under /-/ (path style; "-" is never a bucket name) are operations too,
     * routed before OPTIONS and before the query's sub-resources; their method is checked here.
     */
    @ParameterizedTest(name = "{0} {1} routes to {2}")
    @CsvSource(delimiter = '|', value = {
            "GET     | /-/health                   | HEALTH",
            "HEAD    | /-/health                   | HEALTH",
            "GET     | /-/metrics                  | METRICS",
            "HEAD    | /-/metrics                  | METRICS",
            "GET     | /-/admin/lifecycle/preview  | ADMIN_LIFECYCLE_PREVIEW",
            "POST    | /-/admin/lifecycle/run      | ADMIN_LIFECYCLE_RUN",
            "POST    | /-/admin/policy/explain     | ADMIN_POLICY_EXPLAIN",
            // users, keys, identity policies, accounts and replication (docs/security.md ADM-1..ADM-8)
            "GET     | /-/admin/users              | ADMIN_LIST_USERS",
            "POST    | /-/admin/users              | ADMIN_ADD_USER",
            "DELETE  | /-/admin/users              | ADMIN_REMOVE_USER",
            "GET     | /-/admin/users/policy       | ADMIN_GET_USER_POLICY",
            "PUT     | /-/admin/users/policy       | ADMIN_PUT_USER_POLICY",
            "DELETE  | /-/admin/users/policy       | ADMIN_DELETE_USER_POLICY",
            "GET     | /-/admin/keys               | ADMIN_LIST_KEYS",
            "POST    | /-/admin/keys               | ADMIN_CREATE_KEY",
            "DELETE  | /-/admin/keys               | ADMIN_REVOKE_KEY",
            "GET     | /-/admin/accounts           | ADMIN_LIST_ACCOUNTS",
            "POST    | /-/admin/accounts           | ADMIN_ADD_ACCOUNT",
            "DELETE  | /-/admin/accounts           | ADMIN_REMOVE_ACCOUNT",
            "PUT     | /-/admin/accounts/email     | ADMIN_SET_ACCOUNT_EMAIL",
            "DELETE  | /-/admin/accounts/email     | ADMIN_CLEAR_ACCOUNT_EMAIL",
            "GET     | /-/admin/replication/status | ADMIN_REPLICATION_STATUS",
            "POST    | /-/admin/replication/resync | ADMIN_REPLICATION_RESYNC",
            // the web console's files (docs/console.md): the bare path (redirected) and everything below it
            "GET     | /-/console                  | CONSOLE",
            "GET     | /-/console/                 | CONSOLE",
            "HEAD    | /-/console/app.js           | CONSOLE",
            "GET     | /-/console/../health        | CONSOLE",
    })
    void cosdsOwnEndpointsAreOperations(String method, String path, Operation expected) {
        String p = path.trim();
        assertThat(Router.route(method.trim(), p, "-", p.substring(3), QueryParams.parse("bucket=b-1&acl"), false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "POST    | /-/health                   | MethodNotAllowed",
            "PUT     | /-/metrics                  | MethodNotAllowed",
            "OPTIONS | /-/health                   | MethodNotAllowed",
            "POST    | /-/admin/lifecycle/preview  | MethodNotAllowed",
            "GET     | /-/admin/lifecycle/run      | MethodNotAllowed",
            "GET     | /-/admin/policy/explain     | MethodNotAllowed",
            "OPTIONS | /-/admin/policy/explain     | MethodNotAllowed",
            "PUT     | /-/admin/users              | MethodNotAllowed",
            "HEAD    | /-/admin/users              | MethodNotAllowed",
            "OPTIONS | /-/admin/users              | MethodNotAllowed",
            "POST    | /-/admin/users/policy       | MethodNotAllowed",
            "PUT     | /-/admin/keys               | MethodNotAllowed",
            "PATCH   | /-/admin/accounts           | MethodNotAllowed",
            "GET     | /-/admin/accounts/email     | MethodNotAllowed",
            "POST    | /-/admin/replication/status | MethodNotAllowed",
            "GET     | /-/admin/replication/resync | MethodNotAllowed",
            "PUT     | /-/console/index.html       | MethodNotAllowed",
            "POST    | /-/console/                 | MethodNotAllowed",
            "DELETE  | /-/console                  | MethodNotAllowed",
            "OPTIONS | /-/console/app.js           | MethodNotAllowed",
            // every other /-/admin/ path
            "POST    | /-/admin/other              | InvalidURI",
            "GET     | /-/admin/                   | InvalidURI",
            "OPTIONS | /-/admin/lifecycle          | InvalidURI",
            "POST    | /-/admin/policy/explain/    | InvalidURI",
            "GET     | /-/admin/%6Cifecycle/preview | InvalidURI",
            "GET     | /-/admin/users/             | InvalidURI",
            "GET     | /-/admin/Users              | InvalidURI",
            "DELETE  | /-/admin/keys/AKIDx         | InvalidURI",
            "GET     | /-/admin/replication        | InvalidURI",
            "GET     | /-/admin/%75sers            | InvalidURI",
    })
    void cosdsOwnEndpointsRefuseOtherMethodsAndUnknownAdminPaths(String method, String path, String code) {
        String p = path.trim();
        assertThatThrownBy(() -> Router.route(method.trim(), p, "-", p.substring(3), QueryParams.parse(""), false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    @org.junit.jupiter.api.Test
    void onlyTheExactRawPathOfAPathStyleRequestIsAnOwnEndpoint() {
        // virtual-hosted: an object named "-/health" in bucket b-1
        assertThat(Router.route("GET", null, "b-1", "-/health", QueryParams.parse(""), false)).isEqualTo(Operation.GET_OBJECT);
        // a percent-encoded spelling is bucket routing (and bucket "-" never exists)
        assertThat(Router.route("GET", "/-/%68ealth", "-", "health", QueryParams.parse(""), false)).isEqualTo(Operation.GET_OBJECT);
        assertThat(Router.route("GET", "/b-1/k", "b-1", "k", QueryParams.parse(""), false)).isEqualTo(Operation.GET_OBJECT);
    }

    @org.junit.jupiter.api.Test
    void theConsoleIsNeverRoutedOnABucketsVirtualHostWhereItsPathIsAnObject_CON_O1() {
        // virtual-hosted: "-/console/…" are keys of bucket b-1, answered as the object API answers them,
        // so the console never shares a bucket host's origin
        for (String key : new String[] {"-/console", "-/console/", "-/console/app.js"}) {
            assertThat(Router.route("GET", null, "b-1", key, QueryParams.parse(""), false)).as(key).isEqualTo(Operation.GET_OBJECT);
            assertThat(Router.route("HEAD", null, "b-1", key, QueryParams.parse(""), false)).as(key).isEqualTo(Operation.HEAD_OBJECT);
            assertThat(Router.route("PUT", null, "b-1", key, QueryParams.parse(""), false)).as(key).isEqualTo(Operation.PUT_OBJECT);
        }
    }

    @org.junit.jupiter.api.Test
    void publicAccessBlockOperationsNameTheS3ActionsAndDeleteIsAPut_POL_P1_P2_P7() {
        assertThat(Operation.PUT_PUBLIC_ACCESS_BLOCK.s3Action()).isEqualTo("s3:PutBucketPublicAccessBlock");
        assertThat(Operation.DELETE_PUBLIC_ACCESS_BLOCK.s3Action()).isEqualTo("s3:PutBucketPublicAccessBlock");
        assertThat(Operation.GET_PUBLIC_ACCESS_BLOCK.s3Action()).isEqualTo("s3:GetBucketPublicAccessBlock");
        assertThat(Operation.GET_BUCKET_POLICY_STATUS.s3Action()).isEqualTo("s3:GetBucketPolicyStatus");
        assertThat(Operation.DELETE_PUBLIC_ACCESS_BLOCK.cosAction()).isEqualTo("name/cos:PutBucketPublicAccessBlock");
    }

    @org.junit.jupiter.api.Test
    void ownershipControlsOperationsNameTheS3ActionsAndDeleteIsAPut_ACL_O2() {
        assertThat(Operation.PUT_OWNERSHIP_CONTROLS.s3Action()).isEqualTo("s3:PutBucketOwnershipControls");
        assertThat(Operation.DELETE_OWNERSHIP_CONTROLS.s3Action()).isEqualTo("s3:PutBucketOwnershipControls");
        assertThat(Operation.GET_OWNERSHIP_CONTROLS.s3Action()).isEqualTo("s3:GetBucketOwnershipControls");
        assertThat(io.cosd.api.policy.PolicyActions.byName("s3:GetBucketOwnershipControls")).isEqualTo(Operation.GET_OWNERSHIP_CONTROLS);
    }

    @org.junit.jupiter.api.Test
    void bucketTaggingOperationsNameTheirCosAndS3ActionsAndAnS3DeleteIsAPut_BT_7() {
        assertThat(Operation.GET_BUCKET_TAGGING.cosAction()).isEqualTo("name/cos:GetBucketTagging");
        assertThat(Operation.PUT_BUCKET_TAGGING.cosAction()).isEqualTo("name/cos:PutBucketTagging");
        assertThat(Operation.DELETE_BUCKET_TAGGING.cosAction()).isEqualTo("name/cos:DeleteBucketTagging");
        assertThat(Operation.GET_BUCKET_TAGGING.s3Action()).isEqualTo("s3:GetBucketTagging");
        assertThat(Operation.PUT_BUCKET_TAGGING.s3Action()).isEqualTo("s3:PutBucketTagging");
        assertThat(Operation.DELETE_BUCKET_TAGGING.s3Action()).isEqualTo("s3:PutBucketTagging");
    }

    @org.junit.jupiter.api.Test
    void bucketEncryptionOperationsNameTheirCosAndS3ActionsAndAnS3DeleteIsAPut_SSE_D9() {
        assertThat(Operation.GET_BUCKET_ENCRYPTION.cosAction()).isEqualTo("name/cos:GetBucketEncryption");
        assertThat(Operation.PUT_BUCKET_ENCRYPTION.cosAction()).isEqualTo("name/cos:PutBucketEncryption");
        assertThat(Operation.DELETE_BUCKET_ENCRYPTION.cosAction()).isEqualTo("name/cos:DeleteBucketEncryption");
        assertThat(Operation.GET_BUCKET_ENCRYPTION.s3Action()).isEqualTo("s3:GetEncryptionConfiguration");
        assertThat(Operation.PUT_BUCKET_ENCRYPTION.s3Action()).isEqualTo("s3:PutEncryptionConfiguration");
        assertThat(Operation.DELETE_BUCKET_ENCRYPTION.s3Action()).isEqualTo("s3:PutEncryptionConfiguration");
        assertThat(io.cosd.api.policy.PolicyActions.byName("s3:GetEncryptionConfiguration")).isEqualTo(Operation.GET_BUCKET_ENCRYPTION);
    }

    @org.junit.jupiter.api.Test
    void corsOperationsNameTheirCamActions_CORS_A6() {
        assertThat(Operation.PUT_BUCKET_CORS.cosAction()).isEqualTo("name/cos:PutBucketCORS");
        assertThat(Operation.GET_BUCKET_CORS.cosAction()).isEqualTo("name/cos:GetBucketCORS");
        assertThat(Operation.DELETE_BUCKET_CORS.cosAction()).isEqualTo("name/cos:DeleteBucketCORS");
        assertThat(Operation.OPTIONS_OBJECT.cosAction()).isEqualTo("name/cos:OptionsObject");
        assertThat(Operation.PUT_BUCKET_CORS.s3Action()).isEqualTo("s3:PutBucketCORS");
    }

    /**
     * docs/spec/design.md §8 rule 2: a sub-resource either API defines that cosd does not build is 501, never
     * 400 (unknown) nor a fall-through; the S3 list is the AWS S3 API reference's, the COS list
     * Tencent COS's API list (docs/unbuilt.md).
     */
    @ParameterizedTest(name = "{0} {1} ?{2} is {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET     | -  | object-lock                      | GET_OBJECT_LOCK_CONFIGURATION",
            "PUT     | -  | object-lock                      | PUT_OBJECT_LOCK_CONFIGURATION",
            "GET     | k  | retention                        | GET_OBJECT_RETENTION",
            "PUT     | k  | retention&versionId=v            | PUT_OBJECT_RETENTION",
            "GET     | k  | legal-hold                       | GET_OBJECT_LEGAL_HOLD",
            "PUT     | k  | legal-hold                       | PUT_OBJECT_LEGAL_HOLD",
    })
    void objectLockSubResourcesRouteToTheirOperationsInBothDialects_LOCK_1_LOCK_6_LOCK_8(String method, String key, String query, Operation expected) {
        assertThat(Router.route(method, "b-1", key, QueryParams.parse(query), false)).isEqualTo(expected);
    }

    @Test
    void objectLockOperationsNameTheirS3ActionsAndTheBypassPermissionIsAnOperationOfItsOwn_LOCK_5() {
        assertThat(Operation.PUT_OBJECT_LOCK_CONFIGURATION.s3Action()).isEqualTo("s3:PutBucketObjectLockConfiguration");
        assertThat(Operation.GET_OBJECT_LOCK_CONFIGURATION.s3Action()).isEqualTo("s3:GetBucketObjectLockConfiguration");
        assertThat(Operation.PUT_OBJECT_RETENTION.s3Action()).isEqualTo("s3:PutObjectRetention");
        assertThat(Operation.GET_OBJECT_RETENTION.s3Action()).isEqualTo("s3:GetObjectRetention");
        assertThat(Operation.PUT_OBJECT_LEGAL_HOLD.s3Action()).isEqualTo("s3:PutObjectLegalHold");
        assertThat(Operation.GET_OBJECT_LEGAL_HOLD.s3Action()).isEqualTo("s3:GetObjectLegalHold");
        assertThat(Operation.BYPASS_GOVERNANCE_RETENTION.s3Action()).isEqualTo("s3:BypassGovernanceRetention");
        assertThat(Operation.BYPASS_GOVERNANCE_RETENTION.cosAction()).isEqualTo("name/cos:BypassGovernanceRetention");
    }

    @ParameterizedTest(name = "{0} {1} ?{2} is 501 as {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET     | -  | intelligent-tiering&id=x         | UNSUPPORTED_INTELLIGENT_TIERING",
            "GET     | -  | metadataTable                    | UNSUPPORTED_METADATA_TABLE",
            "POST    | -  | metadataTable                    | UNSUPPORTED_METADATA_TABLE",
            "GET     | -  | metadataConfiguration            | UNSUPPORTED_METADATA_CONFIGURATION",
            "PUT     | -  | metadataInventoryTable           | UNSUPPORTED_METADATA_INVENTORY_TABLE",
            "PUT     | -  | metadataJournalTable             | UNSUPPORTED_METADATA_JOURNAL_TABLE",
            "GET     | -  | accelerate                       | UNSUPPORTED_ACCELERATE",
            "GET     | -  | requestPayment                   | UNSUPPORTED_REQUEST_PAYMENT",
            "GET     | -  | analytics&id=x                   | UNSUPPORTED_ANALYTICS",
            "GET     | -  | metrics&id=x                     | UNSUPPORTED_METRICS",
            "GET     | -  | inventory&id=x                   | UNSUPPORTED_INVENTORY",
            "GET     | -  | notification                     | UNSUPPORTED_NOTIFICATION",
            "GET     | -  | logging                          | UNSUPPORTED_LOGGING",
            "GET     | -  | website                          | UNSUPPORTED_WEBSITE",
            "GET     | -  | session                          | UNSUPPORTED_SESSION",
            "GET     | -  | abac                             | UNSUPPORTED_ABAC",
            "GET     | -  | referer                          | UNSUPPORTED_REFERER",
            "GET     | -  | domain                           | UNSUPPORTED_DOMAIN",
            "GET     | -  | domaincertificate                | UNSUPPORTED_DOMAINCERTIFICATE",
            "GET     | -  | origin                           | UNSUPPORTED_ORIGIN",
            "GET     | -  | intelligenttiering               | UNSUPPORTED_INTELLIGENTTIERING",
            "GET     | -  | inventory-configurations         | UNSUPPORTED_INVENTORY_CONFIGURATIONS",
            "PUT     | -  | guetzli                          | UNSUPPORTED_GUETZLI",
            "GET     | k  | torrent                          | UNSUPPORTED_TORRENT",
            "POST    | k  | select&select-type=2             | UNSUPPORTED_SELECT",
            "POST    | k  | append&position=0                | UNSUPPORTED_APPEND",
            "PUT     | k  | rename                           | UNSUPPORTED_RENAME",
            "PUT     | k  | renameObject                     | UNSUPPORTED_RENAME_OBJECT",
            "PUT     | k  | symlink                          | UNSUPPORTED_SYMLINK",
            "GET     | k  | symlink                          | UNSUPPORTED_SYMLINK",
            "GET     | k  | ci-process=originImage           | UNSUPPORTED_CI_PROCESS",
            "GET     | -  | mirror                           | UNSUPPORTED_MIRROR",
            "GET     | -  | tagging-count                    | UNSUPPORTED_TAGGING_COUNT",
            "GET     | -  | replication-history              | UNSUPPORTED_REPLICATION_HISTORY",
            "PUT     | -  | cors-preflight                   | UNSUPPORTED_CORS_PREFLIGHT",
            "GET     | k  | object-lambda                    | UNSUPPORTED_OBJECT_LAMBDA",
            "GET     | -  | preflight                        | UNSUPPORTED_PREFLIGHT",
    })
    void everySubResourceTheApisDefineButCosdDoesNotBuildIs501(String method, String key, String query, Operation expected) {
        assertThat(Router.route(method.trim(), "b-1", key, QueryParams.parse(query.trim()), false)).isEqualTo(expected);
    }
}
