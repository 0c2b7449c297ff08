package io.cosd;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reference in src/, docs/ and README.md can be followed from a clone (docs/spec/README.md):
 * no issue-tracker citations, no document path that is missing from the repository, no bare spec file
 * name that leaves the reader guessing where it lives, and every cited {@code docs/spec/<file>.md §N.M}
 * and {@code docs/<file>.md#anchor} is a heading of that file. Plain file reading, no server.
 *
 * <p>Flyway migrations are not scanned: Flyway checksums every line of an applied migration, comments
 * included, so their historical comments cannot be edited without failing existing data dirs.
 */
class DocReferencesTest {
    /** The word issue (or issues), then a number, with or without {@code #}: a tracker item, not a document. */
    private static final Pattern TRACKER = Pattern.compile("(?i)\\bissues?\\s+#?\\d+");
    /** A path into a docs folder, with an optional anchor; the look-behind keeps it whole. */
    private static final Pattern DOC_PATH = Pattern.compile("(?<![\\w/.-])((?:[\\w.-]+/)*docs/[\\w./-]*?\\.md)(#[\\w-]+)?");
    /** Names of the specification documents as they were cited when they lived outside the repository. */
    private static final Pattern BARE_SPEC_NAME =
            Pattern.compile("(?<![\\w/.-])(cos-protocol|protocol|semantics|design|http-stack|codebase-review)\\.md");
    private static final Pattern SPEC_PATH = Pattern.compile("docs/spec/([\\w-]+\\.md)`?");
    private static final Pattern SECTION = Pattern.compile("§\\s*(\\d+[a-z]?(?:\\.\\d+)*)");
    private static final Pattern HEADING_NUMBER = Pattern.compile("^§?\\s*(\\d+[a-z]?(?:\\.\\d+)*)(?:[.:)]|\\s|$)");

    private static Path root;
    private static final Map<Path, List<String>> lines = new HashMap<>();

    @BeforeAll
    static void readTheTree() throws IOException {
        root = Path.of("").toAbsolutePath();
        assertThat(root.resolve("README.md")).as("tests run from the repository root").exists();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        for (String dir : List.of("src", "docs")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                s.filter(Files::isRegularFile)
                        .filter(p -> !root.relativize(p).toString().replace('\\', '/').startsWith("src/main/resources/db/migration/"))
                        .forEach(files::add);
            }
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            if (isText(bytes)) lines.put(f, new String(bytes, StandardCharsets.UTF_8).lines().toList());
        }
    }

    @Test
    void noCommentOrDocumentCitesTheIssueTrackerInsteadOfADocument() {
        // Our tracker is not in the clone; another project's (owner/project before it) is public.
        assertThat(matches(TRACKER, (f, line, m) -> !external(line, m)))
                .as("cite the docs/ section or rule id the tracker item was about (docs/spec/README.md)")
                .isEmpty();
    }

    @Test
    void everyCitedDocumentPathExistsInTheRepository() {
        assertThat(matches(DOC_PATH, (f, line, m) -> !Files.isRegularFile(root.resolve(m.group(1)).normalize()) && !external(line, m)))
                .as("document paths are repository-relative and must exist")
                .isEmpty();
    }

    @Test
    void everyCitedAnchorIsAHeadingOfItsDocument() {
        assertThat(matches(DOC_PATH, (f, line, m) -> {
            if (m.group(2) == null) return false;
            Path doc = root.resolve(m.group(1)).normalize();
            return Files.isRegularFile(doc) && !anchors(doc).contains(m.group(2).substring(1));
        })).as("docs/<file>.md#anchor must name a heading of that file").isEmpty();
    }

    @Test
    void specDocumentsAreCitedByTheirPathUnderDocsSpec() {
        // Inside docs/spec/ a bare name is a link to a sibling file, which is what it should be there.
        assertThat(matches(BARE_SPEC_NAME, (f, line, m) -> !root.relativize(f).toString().replace('\\', '/').startsWith("docs/spec/")))
                .as("write docs/spec/<file>.md, so a reader knows where the document is")
                .isEmpty();
    }

    @Test
    void everyCitedSpecSectionIsAHeadingOfThatSpecDocument() {
        List<String> missing = new ArrayList<>();
        lines.forEach((file, text) -> {
            String joined = String.join("\n", text);
            Matcher m = SPEC_PATH.matcher(joined);
            while (m.find()) {
                Path doc = root.resolve("docs/spec").resolve(m.group(1));
                if (!Files.isRegularFile(doc)) continue; // reported by everyCitedDocumentPathExistsInTheRepository
                Set<String> sections = sections(doc);
                Matcher s = SECTION.matcher(citationTail(joined, m.end()));
                while (s.find()) {
                    if (!sections.contains(s.group(1))) {
                        int line = joined.substring(0, m.start()).split("\n", -1).length;
                        missing.add(root.relativize(file) + ":" + line + ": docs/spec/" + m.group(1) + " §" + s.group(1));
                    }
                }
            }
        });
        assertThat(missing).as("each cited § must be a numbered heading of the cited file").isEmpty();
    }

    /**
     * Another project's file or tracker item, named after its repository:
     * {@code minio/minio `docs/bucket/replication/README.md`}, {@code owner/project issue 288}.
     */
    private static boolean external(String line, Matcher m) {
        return line.substring(0, m.start()).matches("(?s).*\\b[\\w.-]+/[\\w.-]+\\s+`?$");
    }

    /**
     * The words after a spec path that still belong to its citation: up to the closing bracket,
     * semicolon, sentence end or next document path, with comment continuation lines joined, e.g.
     * {@code §5.8, §5.10} or {@code §2.1/§2.4}.
     */
    static String citationTail(String text, int from) {
        String tail = text.substring(from, Math.min(text.length(), from + 120))
                .replaceAll("\\s*\\n\\s*(?:\\*|//|--|#)?\\s*", " ");
        Matcher end = Pattern.compile("[)\\];]|\\.(?:\\s|$)|docs/|\\|").matcher(tail);
        return end.find() ? tail.substring(0, end.start()) : tail;
    }

    /** Section numbers of a document's headings ({@code ## 8. Style}, {@code ### 8.7 …}, {@code ## 1b. …}), code blocks skipped. */
    static Set<String> sections(Path doc) {
        Set<String> out = new HashSet<>();
        for (String heading : headings(doc)) {
            Matcher m = HEADING_NUMBER.matcher(heading);
            if (m.find()) out.add(m.group(1).replaceAll("\\.$", ""));
        }
        return out;
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path doc) {
        Set<String> out = new HashSet<>();
        for (String heading : headings(doc)) {
            out.add(heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return out;
    }

    private static List<String> headings(Path doc) {
        List<String> text = lines.get(doc);
        List<String> out = new ArrayList<>();
        boolean code = false;
        for (String l : text == null ? List.<String>of() : text) {
            if (l.startsWith("```")) code = !code;
            else if (!code && l.matches("^#{1,6}\\s+.*")) out.add(l.replaceFirst("^#{1,6}\\s+", "").strip());
        }
        return out;
    }

    private interface Offending {
        boolean test(Path file, String line, Matcher m);
    }

    private static List<String> matches(Pattern p, Offending offending) {
        List<String> out = new ArrayList<>();
        lines.forEach((file, text) -> {
            for (int i = 0; i < text.size(); i++) {
                Matcher m = p.matcher(text.get(i));
                while (m.find()) {
                    if (offending.test(file, text.get(i), m)) out.add(root.relativize(file) + ":" + (i + 1) + ": " + m.group());
                }
            }
        });
        out.sort(null);
        return out;
    }

    private static boolean isText(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) if (bytes[i] == 0) return false;
        return true;
    }
}
