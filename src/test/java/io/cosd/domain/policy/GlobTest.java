package io.cosd.domain.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Wildcards: '*' any run including '/', '?' one character in the S3 grammar only (POL-E6, POL-S7). */
class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1} (? wildcard {2}, ignore case {3}) -> {4}")
    @CsvSource(delimiter = '|', value = {
            "*              | anything/at/all  | false | false | true",
            "*              | ''               | false | false | true",
            "abc            | abc              | false | false | true",
            "abc            | ABC              | false | false | false",
            "abc            | ABC              | false | true  | true",
            "folder/*       | folder/a/b       | false | false | true",
            "folder/*       | folder           | false | false | false",
            "*.jpg          | a/b/c.jpg        | false | false | true",
            "*.jpg          | a/b/c.jpeg       | false | false | false",
            "a*b*c          | aXXbYYc          | false | false | true",
            "a*b*c          | aXXbYY           | false | false | false",
            "a*b*c          | abc              | false | false | true",
            "a*bc           | abcbc            | false | false | true",
            "photos/*/x.jpg | photos/1/2/x.jpg | false | false | true",
            "file?.txt      | file1.txt        | true  | false | true",
            "file?.txt      | file12.txt       | true  | false | false",
            "file?.txt      | file?.txt        | false | false | true",
            "file?.txt      | file1.txt        | false | false | false",
            "s3:get*        | s3:getobject     | false | true  | true",
            "**             | x                | false | false | true",
            "a*             | ''               | false | false | false",
            "*a*            | bab              | false | false | true",
            "ab*ab          | ab               | false | false | false",
    })
    void table(String pattern, String subject, boolean question, boolean ignoreCase, boolean expected) {
        assertThat(new Glob(pattern, question, ignoreCase).matches(subject)).isEqualTo(expected);
    }
}
