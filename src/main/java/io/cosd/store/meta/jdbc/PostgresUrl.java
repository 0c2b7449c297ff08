package io.cosd.store.meta.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The value of {@code --metadata-url} / {@code COSD_METADATA_URL} (docs/scale-out.md "Interface"):
 * {@code postgresql://[user[:password]@]host[:port]/db[?user=…&password=…&…]} (libpq's URI form;
 * {@code postgres://} too) or a {@code jdbc:postgresql:} URL. The query parameters in {@link #PASSED_ON}
 * go to the driver unchanged; any other is refused (ST-P2). The password is kept apart from the URL,
 * so {@link #describe} and {@link #toString} never show it (it must not reach a log or the start-up line).
 */
public final class PostgresUrl {
    /**
     * ST-P2: the driver settings a deployment needs (TLS and its authentication, failover, timeouts,
     * the schema, statement preparation) and nothing else. pgjdbc would instantiate classes named by
     * others ({@code socketFactory}, {@code sslfactory}, {@code sslhostnameverifier},
     * {@code sslpasswordcallback}, {@code authenticationPluginClassName}, {@code xmlFactoryFactory}),
     * write files ({@code loggerFile}), read a service file ({@code service}) or change what the database
     * does for cosd's sessions ({@code options=-c session_replication_role=replica} turns the inline-blob
     * trigger off, {@code readOnlyMode=ignore} makes the read pool writable, {@code autosave},
     * {@code preferQueryMode}, {@code stringtype}, {@code replication}); an unknown name is ignored by the
     * driver, so a misspelt setting would silently not apply. Names are case-sensitive, as in pgjdbc.
     */
    static final java.util.Set<String> PASSED_ON = java.util.Set.of(
            "sslmode", "ssl", "sslrootcert", "sslcert", "sslkey", "sslNegotiation", "sslResponseTimeout", "channelBinding",
            "requireAuth", "gssEncMode", "targetServerType", "loadBalanceHosts", "hostRecheckSeconds", "connectTimeout",
            "socketTimeout", "loginTimeout", "cancelSignalTimeout", "tcpKeepAlive", "tcpNoDelay", "currentSchema",
            "prepareThreshold", "preparedStatementCacheQueries", "preparedStatementCacheSizeMiB", "ApplicationName");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String shown;

    private final java.util.Set<String> given;

    private PostgresUrl(String jdbcUrl, String user, String password, String shown, java.util.Set<String> given) {
        this.given = given;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.shown = shown;
    }

    /** @throws IllegalArgumentException naming what is wrong (never echoing a password) */
    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("empty metadata URL");
        String rest;
        // ST-P3: the jdbc: form's query is pgjdbc's (a + is a space, as in a form); libpq's URI decodes only %XX
        boolean plusIsSpace = url.startsWith("jdbc:");
        if (url.startsWith("postgresql://")) rest = url.substring("postgresql://".length());
        else if (url.startsWith("postgres://")) rest = url.substring("postgres://".length());
        else if (url.startsWith("jdbc:postgresql://")) rest = url.substring("jdbc:postgresql://".length());
        else throw new IllegalArgumentException("metadata URL must start with postgresql:// or jdbc:postgresql:// (SQLite is the default without one)");
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String user = null, password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), false);
            if (colon >= 0) password = decode(info.substring(colon + 1), false);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("metadata URL needs a host and a database: postgresql://host[:port]/database");
        }
        String hostPort = rest.substring(0, slash);
        String db = rest.substring(slash + 1);
        List<String> passOn = new ArrayList<>();
        java.util.Set<String> given = new java.util.HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), plusIsSpace);
            switch (name) {
                case "user" -> user = value;
                case "password" -> password = value;
                default -> {
                    if (!PASSED_ON.contains(name)) {
                        // The name only, never a value (it may be a secret); and only a name the driver knows: an
                        // unknown one may be the tail of a password holding an unescaped & (ST-P2).
                        String shown = org.postgresql.PGProperty.forName(name) != null ? "'" + name + "'"
                                : "of a name the driver does not know (not shown: a password holding an unescaped & would be cut there; write & as %26)";
                        throw new IllegalArgumentException("metadata URL parameter " + shown + " is not one cosd passes to the driver"
                                + " (it could load code, write files or change what the database does; docs/scale-out.md \"Interface\");"
                                + " allowed: " + String.join(", ", new java.util.TreeSet<>(PASSED_ON)));
                    }
                    // pgjdbc reads a + as a space; in libpq's form it is a plus (ST-P3)
                    passOn.add(plusIsSpace ? pair : pair.replace("+", "%2B"));
                    given.add(name);
                }
            }
        }
        String jdbc = "jdbc:postgresql://" + hostPort + "/" + db + (passOn.isEmpty() ? "" : "?" + String.join("&", passOn));
        String shown = "postgresql://" + hostPort + "/" + db + (user == null ? "" : " as " + user);
        return new PostgresUrl(jdbc, user, password, shown, java.util.Set.copyOf(given));
    }

    /**
     * Percent-decoding (UTF-8), a {@code +} a space only when {@code plusIsSpace}. A malformed escape
     * is refused without quoting it: it may sit inside a password (ST-P3).
     */
    private static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0) return plusIsSpace ? s.replace('+', ' ') : s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char ch = s.charAt(i);
            if (ch == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new IllegalArgumentException("metadata URL has a malformed percent escape in a user, password or parameter"
                            + " (write % as %25)");
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] b = String.valueOf(plusIsSpace && ch == '+' ? ' ' : ch).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(ch) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
                i++;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether the URL sets driver parameter {@code name} (one of {@link #PASSED_ON}); cosd's defaults give way to it. */
    boolean sets(String name) { return given.contains(name); }

    /** The JDBC URL without user and password. */
    public String jdbcUrl() { return jdbcUrl; }

    /** User and password as driver properties (absent ones left out). */
    Properties credentials() {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return p;
    }

    String user() { return user; }

    String password() { return password; }

    /** Host, port, database and user; never the password. */
    public String describe() { return shown; }

    @Override
    public String toString() { return shown; }
}
