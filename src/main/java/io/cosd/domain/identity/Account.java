package io.cosd.domain.identity;

/** An account: a root uin (e.g. {@code 100000000001}) and its APPID (e.g. {@code 1250000000}). */
public record Account(String rootUin, String appId) {
    public Account {
        if (rootUin == null || !rootUin.matches("[0-9]{1,20}")) throw new IllegalArgumentException("bad uin: " + rootUin);
        if (appId == null || !appId.matches("[0-9]{1,20}")) throw new IllegalArgumentException("bad appid: " + appId);
    }
}
