package io.cosd.api.auth;

import io.cosd.domain.signing.UriCodec;
import java.util.ArrayList;
import java.util.List;

/** A raw query string split into its {@code k[=v]} parts, wire order kept, nothing decoded yet. */
record QueryString(List<Param> params) {
    /** @param rawValue "" when the part had no '=' ({@code ?cors} and {@code ?cors=} sign the same) */
    record Param(String rawKey, String rawValue) {
        String key() { return UriCodec.decode(rawKey, false); }

        String value() { return UriCodec.decode(rawValue, false); }

        String formKey() { return UriCodec.decode(rawKey, true); }

        String formValue() { return UriCodec.decode(rawValue, true); }
    }

    static QueryString parse(String raw) {
        List<Param> out = new ArrayList<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                if (part.isEmpty()) continue;
                int eq = part.indexOf('=');
                out.add(eq < 0 ? new Param(part, "") : new Param(part.substring(0, eq), part.substring(eq + 1)));
            }
        }
        return new QueryString(List.copyOf(out));
    }

    /** First form-decoded value of a parameter whose form-decoded name equals {@code name}, or null. */
    String first(String name) {
        for (Param p : params) if (p.formKey().equals(name)) return p.formValue();
        return null;
    }

    boolean has(String name) { return first(name) != null; }
}
