package io.cosd.domain.identity;

/** An account: a root uin (e.g. {@code 100000000001}) and its APPID (e.g. {@code 1250000000}). */
public record Account(String rootUin, String appId) {
    public Account {
        if (!isId(rootUin)) throw new IllegalArgumentException("bad uin: " + rootUin);
        if (!isId(appId)) throw new IllegalArgumentException("bad appid: " + appId);
    }

    /** The one form of a uin (root or sub-user) and an APPID: 1 to 20 ASCII digits. */
    public static boolean isId(String s) {
        return s != null && s.matches("[0-9]{1,20}");
    }
}
