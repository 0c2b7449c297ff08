package io.cosd.api.object;

import io.cosd.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fields before the file, the only part of a POST Object held in memory (docs/post-object.md "Limits"). */
class PostFormTest {
    static PostForm read(String... namesAndValues) throws Exception {
        return PostForm.read(new FormParts(new ByteArrayInputStream(FormPartsTest.form(namesAndValues)),
                "----WebKitFormBoundaryZBPbaoYE2gqeB21N"));
    }

    static void assertRefused(String code, String message, String... form) {
        assertThatThrownBy(() -> read(form)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code().code()).isEqualTo(code);
            if (message != null) assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void fieldsAreReadByLowerCaseNameUpToTheFileWhichIsLeftUnread() throws Exception {
        PostForm f = read("kEy", "a", "Content-Type", "text/plain", "file", "bytes", "after", "x");
        assertThat(f.fields()).containsExactly(Map.entry("key", "a"), Map.entry("content-type", "text/plain"));
        assertThat(f.file().filename()).isEqualTo("a.txt");
        assertThat(new String(f.file().body().readAllBytes())).isEqualTo("bytes");
    }

    @Test
    void aFieldOver20KibIsEntityTooLarge() {
        assertRefused("EntityTooLarge", "Your POST request fields preceding the upload file were too large.",
                "key", "k".repeat(PostForm.MAX_FIELD_BYTES + 1), "file", "x");
    }

    @Test
    void fieldsOver64KibTogetherAreEntityTooLarge() {
        String v = "v".repeat(PostForm.MAX_FIELD_BYTES);
        assertRefused("EntityTooLarge", null, "a", v, "b", v, "c", v, "d", v, "file", "x");
    }

    @Test
    void moreThanAHundredFieldsIsEntityTooLarge() {
        String[] form = new String[2 * (PostForm.MAX_FIELDS + 1) + 2];
        for (int i = 0; i <= PostForm.MAX_FIELDS; i++) {
            form[2 * i] = "x-ignore-" + i;
            form[2 * i + 1] = "1";
        }
        form[form.length - 2] = "file";
        form[form.length - 1] = "x";
        assertRefused("EntityTooLarge", null, form);
    }

    @Test
    void aFieldGivenTwiceIsRefusedSoTheCheckedValueIsTheStoredOne_AUTH_P1() {
        assertRefused("InvalidArgument", "The form field key is given more than once.", "key", "a", "KEY", "b", "file", "x");
    }

    @Test
    void aFormWithoutAFileIsIncorrectNumberOfFiles() {
        assertRefused("IncorrectNumberOfFilesInPostRequest", null, "key", "a");
    }
}
