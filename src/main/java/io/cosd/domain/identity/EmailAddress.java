package io.cosd.domain.identity;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An account's e-mail address (docs/accounts.md "E-mail addresses", ACC-7), pure: what S3's grants by
 * e-mail name an account with (ACL-H3). Compared without regard to case: {@link #normalize} lower-cases it,
 * and that form is stored and looked up, so {@code Tester@Example.com} and {@code tester@example.com}
 * are one address.
 */
public final class EmailAddress {
    /** One {@code @}, something on each side, no spaces; RFC 5321's 254-character limit. */
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");
    public static final int MAX_LENGTH = 254;

    private EmailAddress() {}

    /**
     * The stored and compared form: trimmed, lower case.
     *
     * @throws IllegalArgumentException when it is not shaped like an address
     */
    public static String normalize(String address) {
        String a = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        if (a.length() > MAX_LENGTH || !SHAPE.matcher(a).matches()) {
            throw new IllegalArgumentException("not an e-mail address: " + address);
        }
        return a;
    }
}
