package io.cosd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads rule ids out of the sources and the two rule indexes (docs/rules.md for the feature rules
 * of docs/spec/semantics.md, docs/security.md for the trust rules), for {@link RulesIndexTest}.
 * Pure text scanning: no class loading, no reflection, so the test costs milliseconds.
 */
final class RuleIndexes {
    static final String FEATURES = "CORS|VER|LC|REP|POL|ACC|ACL|BT|OBJ|BKT|LOCK|SSE|KMS";
    static final String TRUST = "AUTH|UB|HV|EDGE|ST|ADM";
    /** Names that have a rule id's shape but are not rule ids: the SSE-S3 encryption mode (docs/encryption.md). */
    static final Set<String> NOT_IDS = Set.of("SSE-S3");

    /** A cited id: {@code LC-V11}, {@code AUTH-3c}, {@code HV-1}. */
    private static final Pattern CITED = Pattern.compile("\\b(" + FEATURES + "|" + TRUST + ")-([A-Z]*\\d+[a-z]?)\\b");
    /** An id in a test name: {@code …_LC_V11}, {@code …_CORS_H1_to_H6}, {@code …_VER_S1_S2_S3}, {@code …_AUTH_3c}. */
    private static final Pattern IN_NAME = Pattern.compile(
            "(?<![A-Za-z0-9])(" + FEATURES + "|" + TRUST + ")((?:_(?:[A-Z]*\\d+[a-z]?|to))+)");
    private static final Pattern PART = Pattern.compile("([A-Z]*)(\\d+)([a-z]?)");
    /** A method declaration or call: the identifier before a parenthesis. */
    private static final Pattern INVOKED = Pattern.compile("\\b(\\w+)\\s*\\(");
    /** A row's range of ids, as docs/security.md writes them: {@code ST-L1..L4}, {@code HV-1..3}. */
    private static final Pattern RANGE = Pattern.compile("^(\\w+)-([A-Z]*)(\\d+)([a-z]?)(?:\\.\\.([A-Z]*)(\\d+))?$");

    private RuleIndexes() {}

    /** Ids cited with a hyphen anywhere in the text. */
    static Set<String> cited(String text) {
        Set<String> ids = new TreeSet<>();
        Matcher m = CITED.matcher(text);
        while (m.find()) ids.add(m.group(1) + "-" + m.group(2));
        ids.removeAll(NOT_IDS);
        return ids;
    }

    /** Ids a test name ends in; {@code _to_} spans a range of one letter group. */
    static Set<String> inName(String name) {
        Set<String> ids = new TreeSet<>();
        Matcher m = IN_NAME.matcher(name);
        while (m.find()) {
            String feature = m.group(1);
            String letters = "";
            int previous = -1;
            boolean range = false;
            for (String part : m.group(2).substring(1).split("_")) {
                if (part.equals("to")) { range = true; continue; }
                Matcher p = PART.matcher(part);
                if (!p.matches()) break;
                if (!p.group(1).isEmpty() || previous < 0) letters = p.group(1);
                int n = Integer.parseInt(p.group(2));
                if (range && previous >= 0) for (int k = previous + 1; k < n; k++) ids.add(feature + "-" + letters + k);
                ids.add(feature + "-" + letters + n + p.group(3));
                previous = n;
                range = false;
            }
        }
        ids.removeAll(NOT_IDS);
        return ids;
    }

    /** Every id a row's first cell stands for ({@code ST-L1..L4} is four). Not an id: empty. */
    static Set<String> expand(String cell) {
        Set<String> ids = new TreeSet<>();
        Matcher m = RANGE.matcher(cell.trim());
        if (!m.matches()) return ids;
        String to = m.group(6);
        if (to == null) { ids.add(m.group(1) + "-" + m.group(2) + m.group(3) + m.group(4)); return ids; }
        for (int k = Integer.parseInt(m.group(3)); k <= Integer.parseInt(to); k++) ids.add(m.group(1) + "-" + m.group(2) + k);
        return ids;
    }

    /** Text files under {@code src/} that may cite a rule: code, SQL migrations, resources. */
    private static final Pattern TEXT = Pattern.compile(".*\\.(java|sql|xml|properties|json|ya?ml|md|txt|html|js|py|sh)$");

    /** Rule id → the files citing it (hyphenated in any text file, or in a test method's name). */
    static Map<String, Set<String>> usedIn(Path src) {
        Map<String, Set<String>> used = new TreeMap<>();
        for (Path file : files(src, TEXT)) {
            String text = read(file);
            Set<String> ids = new TreeSet<>(cited(text));
            if (!file.startsWith(src.resolve("main"))) {
                Matcher m = INVOKED.matcher(text);
                while (m.find()) if (m.group(1).contains("_")) ids.addAll(inName(m.group(1)));
            }
            for (String id : ids) used.computeIfAbsent(id, k -> new TreeSet<>()).add(src.getParent().relativize(file).toString());
        }
        return used;
    }

    /** Rule id → the test methods whose names cite it ({@code Class#method}), to suggest an index row's tests. */
    static Map<String, Set<String>> testsNamedFor(Path src) {
        Map<String, Set<String>> named = new TreeMap<>();
        for (Path file : testFiles(src)) {
            String cls = file.getFileName().toString().replace(".java", "");
            Matcher m = DECLARED.matcher(read(file));
            while (m.find()) {
                for (String id : inName(m.group(1))) named.computeIfAbsent(id, k -> new TreeSet<>()).add(cls + "#" + m.group(1));
            }
        }
        return named;
    }

    /** One table row of an index: its id cell, its main-file cell (may be empty) and its test cell. */
    record Row(String id, String mainFile, String tests) {}

    /** The table rows of an index file; {@code idPattern} picks the rows (the others are prose tables). */
    static List<Row> rows(Path index, String idPattern) {
        List<Row> rows = new ArrayList<>();
        Pattern row = Pattern.compile("^\\|\\s*((?:" + idPattern + ")-[^|]*?)\\s*\\|(.*)\\|\\s*$");
        for (String line : read(index).split("\n")) {
            Matcher m = row.matcher(line);
            if (!m.matches()) continue;
            String[] cells = m.group(2).split("(?<!\\\\)\\|", -1);
            String tests = cells[cells.length - 1].trim();
            String main = cells.length >= 3 ? cells[cells.length - 2].trim().replace("`", "") : "";
            rows.add(new Row(m.group(1), main, tests));
        }
        return rows;
    }

    /**
     * The test references of a cell as {@code Class → methods} (a class alone maps to no method).
     * Accepts {@code Class#method} (docs/rules.md) and {@code Class.method}, {@code Class}, and
     * {@code …method} meaning the class named just before (docs/security.md).
     */
    static List<Map.Entry<String, String>> testRefs(String cell) {
        List<Map.Entry<String, String>> refs = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        String last = null;
        while (m.find()) {
            String ref = m.group(1).trim();
            String cls;
            String method;
            if (ref.startsWith("…")) { cls = last; method = ref.substring(1); }
            else {
                int cut = ref.contains("#") ? ref.indexOf('#') : ref.indexOf('.');
                cls = cut < 0 ? ref : ref.substring(0, cut);
                method = cut < 0 ? null : ref.substring(cut + 1);
            }
            last = cls;
            refs.add(new AbstractMap.SimpleEntry<>(cls, method));
        }
        return refs;
    }

    /**
     * Simple class name → source text, for every test class: every Java file under {@code src/}
     * outside {@code src/main} (today {@code src/test/java}; a separate end-to-end source set would count too).
     */
    static Map<String, String> testSources(Path src) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path file : testFiles(src)) {
            String name = file.getFileName().toString();
            sources.put(name.substring(0, name.length() - ".java".length()), read(file));
        }
        return sources;
    }

    private static final Pattern DECLARED = Pattern.compile("\\b(?:void|[\\w<>\\[\\]]+)\\s+(\\w+)\\s*\\(");

    /** The names a source declares as methods (a return type, then the name and a parenthesis). */
    static Set<String> declaredMethods(String source) {
        Set<String> names = new TreeSet<>();
        DECLARED.matcher(source).results().forEach(m -> names.add(m.group(1)));
        return names;
    }

    private static List<Path> testFiles(Path src) {
        return javaFiles(src).stream().filter(p -> !p.startsWith(src.resolve("main"))).toList();
    }

    private static List<Path> javaFiles(Path dir) {
        return files(dir, Pattern.compile(".*\\.java$"));
    }

    private static List<Path> files(Path dir, Pattern name) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && name.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // lenient: a stray byte in a fixture is no failure
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
