package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CosdServer}: one real server per class, its clients injected into fields and parameters, all closed after the class. */
@CosdServer
class CosdServerExtensionTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    final E2e fromConstructor;

    CosdServerExtensionTest(E2e fromConstructor) {
        this.fromConstructor = fromConstructor;
    }

    @Test
    void theInjectedClientsTalkToTheInjectedServer() {
        String b = E2e.bucket("ext-clients");
        cos.createBucket(b);
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(b);
        assertThat(env.endpoint()).isEqualTo("http://127.0.0.1:" + env.port());
    }

    @Test
    void fieldsConstructorAndParametersShareOneServerAndOneClientOfEachKind(E2e e, COSClient c, S3Client s) {
        assertThat(e).isSameAs(env).isSameAs(fromConstructor);
        assertThat(c).isSameAs(cos);
        assertThat(s).isSameAs(s3);
    }

    @Test
    void closingAClassesServerShutsItsClientsAndPortAndDeletesItsDataDir() throws Exception {
        var started = new CosdServerExtension.Started(new E2e(), "test");
        S3Client client = (S3Client) started.get(S3Client.class);
        int port = started.env.port();
        Path dir = started.env.dir;
        assertThat(dir).exists();

        started.close();

        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(client::listBuckets).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClassWithAFactoryGetsTheServerItsFactoryStarts() throws Exception {
        try (E2e started = CosdServerExtension.start(WithFactory.class)) {
            assertThat(started.region).isEqualTo("ap-shanghai");
            assertThat(started.dir.getFileName().toString()).startsWith("cosd-ext-factory");
        }
    }

    @Test
    void aClassWithoutSettingsGetsTheDefaultServer() throws Exception {
        try (E2e started = CosdServerExtension.start(CosdServerExtensionTest.class)) {
            assertThat(started.region).isEqualTo(E2e.REGION);
            assertThat(started.port()).isNotEqualTo(env.port());
        }
    }

    @CosdServer(factory = "server")
    static class WithFactory {
        static E2e server() throws Exception {
            return new E2e(Files.createTempDirectory("cosd-ext-factory"), "ap-shanghai", null, 0);
        }
    }
}
