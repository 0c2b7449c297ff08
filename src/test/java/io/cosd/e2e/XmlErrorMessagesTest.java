package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every XML document cosd reads answers a validation error that names the element and, for an
 * enumerated value, the accepted values (api.xml.XmlProblem), with the code the rule book names,
 * over the wire in the COS error envelope. One row per document kind and kind of mistake.
 */
@CosdServer
class XmlErrorMessagesTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("xml-msgs");
    static String uploadId;

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(B);
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(B,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        cos.putObject(B, "k", "x");
        uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(B, "k")).getUploadId();
    }

    @ParameterizedTest(name = "{0} /{1}?{2}: {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // lifecycle
            "PUT  | B   | lifecycle        | <LifecycleConfiguration><Rule><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition></Rule></LifecycleConfiguration> | NotSupportedStorageClass | Rule/Transition/StorageClass: 'GLACIER' is not one of STANDARD_IA, INTELLIGENT_TIERING, ARCHIVE, DEEP_ARCHIVE",
            "PUT  | B   | lifecycle        | <LifecycleConfiguration><Rule><Status>On</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration> | MalformedXML | Rule/Status: 'On' is not one of Enabled, Disabled.",
            // replication
            "PUT  | B   | replication      | <ReplicationConfiguration><Role>r</Role><Rule><Status>On</Status><Destination><Bucket>arn:aws:s3:::other-1250000000</Bucket></Destination></Rule></ReplicationConfiguration> | MalformedXML | Rule/Status: 'On' is not one of Enabled, Disabled.",
            "PUT  | B   | replication      | <ReplicationConfiguration><Role>r</Role><Rule><Status>Enabled</Status></Rule></ReplicationConfiguration> | MalformedXML | Rule/Destination: required element is missing.",
            "PUT  | B   | replication      | <ReplicationConfiguration><Role>r</Role><Rule><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::other-1250000000</Bucket><StorageClass>GLACIER</StorageClass></Destination></Rule></ReplicationConfiguration> | NotSupportedStorageClass | Rule/Destination/StorageClass: 'GLACIER' is not one of STANDARD, STANDARD_IA",
            // CORS
            "PUT  | B   | cors             | <CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration> | MalformedXML | CORSRule/AllowedOrigin: required element is missing.",
            "PUT  | B   | cors             | <CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration> | InvalidRequest | (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).",
            "PUT  | B   | cors             | <CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>ten</MaxAgeSeconds></CORSRule></CORSConfiguration> | MalformedXML | CORSRule/MaxAgeSeconds: 'ten' is not an integer.",
            "PUT  | B   | cors             | <Cors/> | MalformedXML | Cors: the root element must be CORSConfiguration.",
            // versioning
            "PUT  | B   | versioning       | <VersioningConfiguration><Status>enabled</Status></VersioningConfiguration> | MalformedXML | VersioningConfiguration/Status: 'enabled' is not one of Enabled, Suspended.",
            "PUT  | B   | versioning       | <VersioningConfiguration><Status>Enabled</Status> | MalformedXML | The XML is not well-formed",
            // object tagging
            "PUT  | B/k | tagging          | <Tagging/> | MalformedXML | Tagging/TagSet: required element is missing.",
            "PUT  | B/k | tagging          | <Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging> | MalformedXML | Tagging/TagSet/Tag/Key: required element is missing.",
            // multi-delete
            "POST | B   | delete           | <Delete><Quiet>true</Quiet></Delete> | MalformedXML | Delete/Object: required element is missing.",
            "POST | B   | delete           | <Delete><Object><VersionId>v</VersionId></Object></Delete> | MalformedXML | Delete/Object/Key: required element is missing.",
            // complete multipart
            "POST | B/k | uploadId=UPLOAD  | <CompleteMultipartUpload/> | MalformedXML | CompleteMultipartUpload/Part: required element is missing.",
            "POST | B/k | uploadId=UPLOAD  | <CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload> | MalformedXML | CompleteMultipartUpload/Part/PartNumber: required element is missing.",
            // restore
            "POST | B/k | restore          | <RestoreRequest><Days>x</Days><CASJobParameters><Tier>Standard</Tier></CASJobParameters></RestoreRequest> | MalformedXML | RestoreRequest/Days: 'x' is not an integer.",
            "POST | B/k | restore          | <RestoreRequest><Days>1</Days><CASJobParameters><Tier>Fast</Tier></CASJobParameters></RestoreRequest> | MalformedXML | RestoreRequest/CASJobParameters/Tier: 'Fast' is not one of Expedited, Standard, Bulk.",
            "POST | B/k | restore          | <RestoreRequest><Days>1</Days></RestoreRequest> | MalformedXML | RestoreRequest/CASJobParameters/Tier: required element is missing.",
            // create bucket
            "PUT  | NEW |                  | <CreateBucketConfiguration><BucketAZConfig>XAZ</BucketAZConfig></CreateBucketConfiguration> | InvalidArgument | CreateBucketConfiguration/BucketAZConfig: 'XAZ' is not one of MAZ, OAZ.",
    })
    void everyDocumentKindNamesTheElementAndTheAcceptedValues(String method, String path, String query, String body, String code,
                                                               String message) throws Exception {
        String p = "/" + path.trim().replace("NEW", E2e.bucket("xml-new")).replace("B", B) + (path.contains("/") ? "" : "/");
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            String[] kv = query.trim().replace("UPLOAD", uploadId).split("=", 2);
            params.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        var r = send(method.trim(), p, params, body.trim());
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>" + code.trim() + "</Code>").contains(message.trim()).contains("<RequestId>");
    }

    static RawHttp.Reply send(String method, String path, Map<String, String> params, String body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        String auth = OutboundSigner.cos(method, path, params, h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", auth);
        headers.put("Content-Type", "application/xml");
        String q = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + (e.getValue().isEmpty() ? "" : "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))).collect(Collectors.joining("&"));
        return RawHttp.send(env.port(), method, path + (q.isEmpty() ? "" : "?" + q), headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
