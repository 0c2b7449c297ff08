package io.cosd.store.meta.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
