package io.cosd.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What ListObjectsV2 and ListObjectVersions must answer, from the model alone (pure): the whole
 * sequence of entries for a prefix and delimiter, which the driver then cuts into pages of
 * {@code max-keys} and compares page by page. Keys come in UTF-8 byte order (VER-L2); a delimiter
 * rolls every key that has it after the prefix into one common prefix, counted as one entry where the
 * first such key would be; within a key, versions and markers come newest first, and exactly the first
 * says IsLatest (VER-L3).
 */
final class ModelListings {
    private ModelListings() {}

    /** One listing entry: an object version (or marker) of {@code key}, or a common prefix ({@code version} null). */
    record Entry(String key, ModelVersion version, boolean latest) {
        boolean prefix() {
            return version == null;
        }

        @Override
        public String toString() {
            return prefix() ? "prefix " + key : key + " " + version + (latest ? " latest" : "");
        }
    }

    /** ListObjectsV2: each key whose current version is not a delete marker, and the common prefixes. */
    static List<Entry> objects(ObjectModel.Bucket b, String prefix, String delimiter, String startAfter) {
        List<Entry> out = new ArrayList<>();
        String lastPrefix = null;
        for (var e : b.keys.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix) || e.getValue().isEmpty() || e.getValue().get(0).marker()) continue;
            if (startAfter != null && ObjectModel.UTF8.compare(key, startAfter) <= 0) continue;
            String rolled = rolledUp(key, prefix, delimiter);
            if (rolled != null) {
                if (!rolled.equals(lastPrefix)) out.add(new Entry(rolled, null, false));
                lastPrefix = rolled;
                continue;
            }
            out.add(new Entry(key, e.getValue().get(0), true));
        }
        return out;
    }

    /**
     * ListObjectVersions: every version and marker, newest first per key; with a key marker (no delimiter)
     * the listing starts after every version of that key, or after its version {@code versionIdMarker} (VER-L7).
     */
    static List<Entry> versions(ObjectModel.Bucket b, String prefix, String delimiter, String keyMarker, String versionIdMarker) {
        List<Entry> out = new ArrayList<>();
        String lastPrefix = null;
        for (var e : b.keys.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix) || e.getValue().isEmpty()) continue;
            int cmp = keyMarker == null ? 1 : ObjectModel.UTF8.compare(key, keyMarker);
            if (cmp < 0 || cmp == 0 && versionIdMarker == null) continue;
            String rolled = rolledUp(key, prefix, delimiter);
            if (rolled != null) {
                if (!rolled.equals(lastPrefix)) out.add(new Entry(rolled, null, false));
                lastPrefix = rolled;
                continue;
            }
            List<ModelVersion> stack = e.getValue();
            int from = 0;
            if (cmp == 0) { // resume after versionIdMarker within this key
                from = stack.size();
                for (int i = 0; i < stack.size(); i++) if (stack.get(i).id().equals(versionIdMarker)) from = i + 1;
            }
            for (int i = from; i < stack.size(); i++) out.add(new Entry(key, stack.get(i), i == 0));
        }
        return out;
    }

    /** The common prefix {@code key} rolls up into, or null. */
    static String rolledUp(String key, String prefix, String delimiter) {
        if (delimiter == null) return null;
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    /** Page {@code n} (from 0) of {@code entries} cut into pages of {@code maxKeys}. */
    static List<Entry> page(List<Entry> entries, int maxKeys, int n) {
        int from = Math.min(entries.size(), n * maxKeys);
        return entries.subList(from, Math.min(entries.size(), from + maxKeys));
    }
}
