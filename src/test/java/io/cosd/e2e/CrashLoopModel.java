package io.cosd.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The crash loop's oracle (docs/storage.md "Crash loop"): what a key may hold after a SIGKILL, given
 * what it held when last verified and the writes sent to it since. It judges behaviour only (what
 * GET and the listings show), so it holds for any write path.
 *
 * <p>Each key has one writer, so its writes are sequential and at most one is in flight at the kill.
 * The rule: a key holds the state its last acknowledged write left, or the state of a later
 * unacknowledged one (it may have landed); never an older acknowledged state, never a body nobody
 * wrote. In a versioned bucket every acknowledged version id exists with its body, unless an
 * acknowledged delete of that id removed it; versions are listed newest first in write order.
 * After a verification the observed state becomes the known state for the next round.
 */
final class CrashLoopModel {
    enum Kind { PUT, DELETE, DELETE_VERSION }

    /** One write. Filled by the key's writer thread; read after the writers have ended. */
    static final class Op {
        final Kind kind;
        /** PUT: the body's MD5 (hex). */
        final String md5;
        final long size;
        /** DELETE_VERSION: the version id it removes. */
        final String target;
        boolean acked;
        /** Answered 503: not acknowledged, so judged like a write in flight, but not counted as one. */
        boolean refused;
        /** PUT or DELETE in a versioned bucket, acknowledged: the version id the server answered. */
        String versionId;

        Op(Kind kind, String md5, long size, String target) {
            this.kind = kind;
            this.md5 = md5;
            this.size = size;
            this.target = target;
        }

        static Op put(String md5, long size) { return new Op(Kind.PUT, md5, size, null); }
        static Op delete() { return new Op(Kind.DELETE, null, 0, null); }
        static Op deleteVersion(String id) { return new Op(Kind.DELETE_VERSION, null, 0, id); }

        boolean creates() { return kind != Kind.DELETE_VERSION; }

        @Override
        public String toString() {
            return (acked ? "acked " : refused ? "refused (503) " : "in-flight ") + switch (kind) {
                case PUT -> "PUT md5=" + md5 + " size=" + size + (versionId != null ? " version=" + versionId : "");
                case DELETE -> "DELETE" + (versionId != null ? " marker=" + versionId : "");
                case DELETE_VERSION -> "DELETE versionId=" + target;
            };
        }
    }

    /** A version as known or seen: {@code md5} is null for a delete marker. */
    record Version(String id, String md5) {
        boolean marker() { return md5 == null; }
    }

    /** One key and its writes of the running round. Used by one writer thread at a time. */
    static final class Key {
        final String bucket;
        final String name;
        final boolean versioned;
        /** Unversioned: the body MD5 it held when last verified, null if absent. */
        String current;
        /** Versioned: its versions when last verified, newest first. */
        List<Version> versions = List.of();
        final List<Op> round = new ArrayList<>();
        /** Versioned: the ids the writer may delete by id (known, plus acknowledged this round). */
        final List<String> deletable = new ArrayList<>();
        /** Set by the last verification: in-flight writes whose effect is visible (they landed before the kill). */
        int landed;

        Key(String bucket, String name, boolean versioned) {
            this.bucket = bucket;
            this.name = name;
            this.versioned = versioned;
        }

        int acked() { return (int) round.stream().filter(o -> o.acked).count(); }

        int inFlight() { return (int) round.stream().filter(o -> !o.acked && !o.refused).count(); }

        String history() { return "known=" + (versioned ? versions : current) + " writes this round=" + round; }
    }

    private CrashLoopModel() {}

    /**
     * The states an unversioned key may hold now: that of the last acknowledged write of the round
     * (or the known state if none), or that of any later unacknowledged write. null means absent.
     */
    static Set<String> allowedStates(Key k) {
        int last = -1;
        for (int i = 0; i < k.round.size(); i++) if (k.round.get(i).acked) last = i;
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(last < 0 ? k.current : stateAfter(k.round.get(last)));
        for (int i = last + 1; i < k.round.size(); i++) allowed.add(stateAfter(k.round.get(i)));
        return allowed;
    }

    private static String stateAfter(Op op) {
        return op.kind == Kind.PUT ? op.md5 : null;
    }

    /**
     * Judges an unversioned key that GET showed holding {@code seenMd5} (the MD5 of the whole body
     * read; null: 404). Returns the violations (empty: fine) and makes the seen state the known one.
     */
    static List<String> verifyPlain(Key k, String seenMd5) {
        List<String> v = new ArrayList<>();
        Set<String> allowed = allowedStates(k);
        k.landed = allowed.contains(seenMd5) && !Objects.equals(allowed.iterator().next(), seenMd5) ? 1 : 0;
        if (!allowed.contains(seenMd5)) {
            v.add(k.bucket + "/" + k.name + ": holds " + (seenMd5 == null ? "nothing (404)" : "body md5=" + seenMd5)
                    + ", allowed " + show(allowed) + "; " + k.history());
        }
        k.current = seenMd5;
        k.round.clear();
        return v;
    }

    /**
     * Judges a versioned key: {@code seen} are its versions as ListObjectVersions showed them, newest
     * first, each with the MD5 of its whole body read by GET ?versionId (null for a delete marker);
     * {@code currentMd5} is what GET without a version id read (null: 404). Returns the violations
     * and makes the seen versions the known ones.
     */
    static List<String> verifyVersioned(Key k, List<Version> seen, String currentMd5) {
        List<String> v = new ArrayList<>();
        String where = k.bucket + "/" + k.name + ": ";
        // Rank = write order: known versions (oldest 1), then this round's writes in order.
        Map<String, Integer> rank = new HashMap<>();
        Map<String, Version> expected = new HashMap<>();
        int n = k.versions.size();
        for (int i = 0; i < n; i++) {
            Version known = k.versions.get(i);
            rank.put(known.id(), n - i);
            expected.put(known.id(), known);
        }
        Set<String> mustVanish = new HashSet<>(), mayVanish = new HashSet<>();
        List<Integer> unackedCreations = new ArrayList<>();
        for (int j = 0; j < k.round.size(); j++) {
            Op op = k.round.get(j);
            if (op.kind == Kind.DELETE_VERSION) {
                (op.acked ? mustVanish : mayVanish).add(op.target);
            } else if (op.acked) {
                rank.put(op.versionId, n + 1 + j);
                expected.put(op.versionId, new Version(op.versionId, op.kind == Kind.PUT ? op.md5 : null));
            } else {
                unackedCreations.add(j);
            }
        }
        int previousRank = Integer.MAX_VALUE, inFlightCreations = unackedCreations.size();
        Set<String> seenIds = new HashSet<>();
        for (Version s : seen) {
            seenIds.add(s.id());
            Integer r = rank.get(s.id());
            if (r != null) {
                Version e = expected.get(s.id());
                if (mustVanish.contains(s.id())) v.add(where + "version " + s.id() + " is listed after an acknowledged delete of it");
                if (!Objects.equals(e.md5(), s.md5())) {
                    v.add(where + "version " + s.id() + " holds " + show(s) + ", written as " + show(e));
                }
            } else {
                r = claim(k, unackedCreations, s, n);
                if (r == null) {
                    v.add(where + "version " + s.id() + " (" + show(s) + ") was neither acknowledged nor in flight; " + k.history());
                    continue;
                }
            }
            if (r >= previousRank) v.add(where + "version " + s.id() + " is listed out of write order; listed " + seen + "; " + k.history());
            previousRank = r;
        }
        for (String id : expected.keySet()) {
            if (!seenIds.contains(id) && !mustVanish.contains(id) && !mayVanish.contains(id)) {
                v.add(where + "acknowledged version " + id + " (" + show(expected.get(id)) + ") is lost; listed " + seen + "; " + k.history());
            }
        }
        k.landed = inFlightCreations - unackedCreations.size();
        for (String id : mayVanish) if (rank.containsKey(id) && !seenIds.contains(id)) k.landed++;
        String latest = seen.isEmpty() ? null : seen.get(0).md5();
        if (!Objects.equals(latest, currentMd5)) {
            v.add(where + "GET without a version id read " + (currentMd5 == null ? "nothing (404)" : "md5=" + currentMd5)
                    + " but the newest listed version is " + (seen.isEmpty() ? "none" : show(seen.get(0))));
        }
        k.versions = List.copyOf(seen);
        k.round.clear();
        k.deletable.clear();
        for (Version s : seen) k.deletable.add(s.id());
        return v;
    }

    /** The rank of the first unclaimed in-flight write that could have made {@code s}, claiming it; null if none. */
    private static Integer claim(Key k, List<Integer> unackedCreations, Version s, int n) {
        for (var it = unackedCreations.iterator(); it.hasNext(); ) {
            int j = it.next();
            Op op = k.round.get(j);
            boolean fits = s.marker() ? op.kind == Kind.DELETE : op.kind == Kind.PUT && op.md5.equals(s.md5());
            if (fits) {
                it.remove();
                return n + 1 + j;
            }
        }
        return null;
    }

    private static String show(Version s) { return s.marker() ? "a delete marker" : "body md5=" + s.md5(); }

    private static String show(Set<String> states) {
        List<String> out = new ArrayList<>();
        for (String s : states) out.add(s == null ? "absent" : s);
        return out.toString();
    }
}
