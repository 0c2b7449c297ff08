package io.cosd.domain.identity;

/**
 * Who is calling. Root accounts own their buckets; sub-users get access through a bucket policy or
 * their identity policy, anonymous callers through a bucket policy (docs/spec/design.md §4).
 */
public sealed interface Principal {
    /** The account's root user. {@code uin} equals the account's root uin. */
    record Root(Account account) implements Principal {}

    /** A sub-user of {@code account}; has no access until a bucket policy or its identity policy grants it. */
    record SubUser(Account account, String uin) implements Principal {}

    /** An unsigned request. */
    record Anonymous() implements Principal {}

    Anonymous ANONYMOUS = new Anonymous();

    /** CAM principal string as policies name it, e.g. {@code qcs::cam::uin/100000000001:uin/100000000011}. */
    default String camName() {
        return switch (this) {
            case Root r -> "qcs::cam::uin/" + r.account().rootUin() + ":uin/" + r.account().rootUin();
            case SubUser s -> "qcs::cam::uin/" + s.account().rootUin() + ":uin/" + s.uin();
            case Anonymous a -> "qcs::cam::anonymous:anonymous";
        };
    }
}
