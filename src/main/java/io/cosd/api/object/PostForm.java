package io.cosd.api.object;

import io.cosd.api.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a POST Object form up to the {@code file} part (docs/post-object.md "Limits"): the
 * only part of the body held in memory, so bounded in count and size (docs/post-object.md "Limits"). The file part is
 * returned unread.
 *
 * @param fields by lower-case name (S3 and COS field names are case-insensitive), in form order
 */
record PostForm(Map<String, String> fields, FormParts.Part file) {
    static final int MAX_FIELDS = 100;
    static final int MAX_FIELD_BYTES = 20 * 1024;
    static final int MAX_TOTAL_BYTES = 64 * 1024;

    static PostForm read(FormParts parts) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        int total = 0;
        for (FormParts.Part p; (p = parts.next()) != null; ) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (name.equals("file")) return new PostForm(Collections.unmodifiableMap(fields), p);
            if (fields.size() == MAX_FIELDS) throw tooLarge();
            byte[] value = readField(p.body(), MAX_FIELD_BYTES);
            total += value.length + name.length();
            if (total > MAX_TOTAL_BYTES) throw tooLarge();
            String text = new String(value, StandardCharsets.UTF_8);
            // ST-P4: a form field, unlike a header, can carry U+0000, which PostgreSQL's text cannot hold
            // (a 500 there) and no header can send back: refused on both engines before anything is stored.
            if (text.indexOf('\0') >= 0 || name.indexOf('\0') >= 0) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The form field " + name.replace('\0', ' ') + " contains the character U+0000.");
            }
            // One value per name: the policy check and the write must read the same one (AUTH-P1).
            if (fields.put(name, text) != null) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The form field " + name + " is given more than once.");
            }
        }
        throw ErrorCode.INCORRECT_NUMBER_OF_FILES.exception();
    }

    private static byte[] readField(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            if (out.size() > max) throw tooLarge();
        }
        return out.toByteArray();
    }

    private static RuntimeException tooLarge() {
        return ErrorCode.ENTITY_TOO_LARGE.exception("Your POST request fields preceding the upload file were too large.");
    }
}
