package io.cosd;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule indexes stay true to the code: every rule id cited in {@code src/} (a hyphenated id in
 * any file, or an id at the end of a test name) has a row in docs/rules.md (feature rules,
 * defined in docs/spec/semantics.md) or docs/security.md (trust rules); every row names tests that
 * exist; no docs/rules.md row outlives the last citation of its id; every rule the spec defines has
 * a row, so none is without a test. docs/rules.md says how to read the rows.
 */
class RulesIndexTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path SRC = ROOT.resolve("src");
    static final Path RULES = ROOT.resolve("docs/rules.md");
    static final Path SECURITY = ROOT.resolve("docs/security.md");
    static final Path SPEC = ROOT.resolve("docs/spec/semantics.md");
    static final Path MAIN_JAVA = SRC.resolve("main/java/io/cosd");

    static final Map<String, Set<String>> USED = RuleIndexes.usedIn(SRC);
    /** Test class → the methods it declares. */
    static final Map<String, Set<String>> TESTS = new HashMap<>();

    static {
        RuleIndexes.testSources(SRC).forEach((cls, source) -> TESTS.put(cls, RuleIndexes.declaredMethods(source)));
    }

    static List<RuleIndexes.Row> featureRows() {
        return RuleIndexes.rows(RULES, RuleIndexes.FEATURES);
    }

    static List<RuleIndexes.Row> trustRows() {
        return RuleIndexes.rows(SECURITY, RuleIndexes.TRUST);
    }

    static Set<String> indexed(List<RuleIndexes.Row> rows) {
        Set<String> ids = new TreeSet<>();
        for (RuleIndexes.Row r : rows) ids.addAll(RuleIndexes.expand(r.id()));
        return ids;
    }

    /** The ids docs/spec/semantics.md defines: the first cell of its rule tables. */
    static Set<String> specRules() {
        Set<String> defined = new TreeSet<>();
        Pattern definition = Pattern.compile("^\\|\\s*((?:" + RuleIndexes.FEATURES + ")-[A-Z]*\\d+[a-z]?)\\s*\\|", Pattern.MULTILINE);
        definition.matcher(RuleIndexes.read(SPEC)).results().forEach(m -> defined.add(m.group(1)));
        return defined;
    }

    @Test
    void theScannerReadsHyphenatedIdsAndTheIdsAtTheEndOfTestNamesWithTheirRanges() {
        assertThat(RuleIndexes.cited("// LC-V11: a midnight; see AUTH-3c and CORS-H1..H7 (not LIST-1)"))
                .containsExactly("AUTH-3c", "CORS-H1", "LC-V11");
        assertThat(RuleIndexes.inName("badDocumentsGetTheirCode_CORS_V1_to_V4")).containsExactly("CORS-V1", "CORS-V2", "CORS-V3", "CORS-V4");
        assertThat(RuleIndexes.inName("sdkRoundTrip_LC_V11_LC_V20")).containsExactly("LC-V11", "LC-V20");
        assertThat(RuleIndexes.inName("pages_VER_L6_L7_L9")).containsExactly("VER-L6", "VER-L7", "VER-L9");
        assertThat(RuleIndexes.inName("twice_AUTH_3c")).containsExactly("AUTH-3c");
        assertThat(RuleIndexes.inName("FIRST_1_and_CLASS_2")).isEmpty();
        assertThat(RuleIndexes.expand("ST-L1..L4")).containsExactly("ST-L1", "ST-L2", "ST-L3", "ST-L4");
        assertThat(RuleIndexes.expand("HV-1..3")).containsExactly("HV-1", "HV-2", "HV-3");
        assertThat(RuleIndexes.expand("(races)")).isEmpty();
    }

    @Test
    void everyRuleIdCitedInTheSourcesHasARowInAnIndex() {
        Set<String> indexed = indexed(featureRows());
        indexed.addAll(indexed(trustRows()));
        List<String> missing = new ArrayList<>();
        Map<String, Set<String>> named = RuleIndexes.testsNamedFor(SRC);
        USED.forEach((id, files) -> {
            if (!indexed.contains(id))
                missing.add(id + " (cited in " + files + "; tests named for it: " + named.getOrDefault(id, Set.of()) + ")");
        });
        assertThat(missing).as("rule ids cited in src/ without a row in docs/rules.md or docs/security.md").isEmpty();
    }

    @Test
    void everyIndexRowNamesAtLeastOneTestAndEveryNamedTestExists() {
        List<String> broken = new ArrayList<>();
        List<RuleIndexes.Row> rows = new ArrayList<>(featureRows());
        rows.addAll(trustRows());
        for (RuleIndexes.Row row : rows) {
            var refs = RuleIndexes.testRefs(row.tests());
            if (refs.isEmpty()) broken.add(row.id() + ": no test named");
            for (var ref : refs) {
                Set<String> methods = TESTS.get(ref.getKey());
                if (methods == null) broken.add(row.id() + ": no test class " + ref.getKey());
                else if (ref.getValue() != null && !methods.contains(ref.getValue()))
                    broken.add(row.id() + ": no method " + ref.getKey() + "#" + ref.getValue());
            }
        }
        assertThat(broken).as("index rows whose tests are missing").isEmpty();
    }

    @Test
    void everyFeatureRowNamesOneTestMethodPerReferenceAndAMainFileThatExists() {
        List<String> broken = new ArrayList<>();
        for (RuleIndexes.Row row : featureRows()) {
            for (var ref : RuleIndexes.testRefs(row.tests()))
                if (ref.getValue() == null) broken.add(row.id() + ": " + ref.getKey() + " names a class, not a Class#method");
            if (row.mainFile().isEmpty() || !Files.isRegularFile(MAIN_JAVA.resolve(row.mainFile())))
                broken.add(row.id() + ": main file '" + row.mainFile() + "' is not under src/main/java/io/cosd");
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noRuleIndexRowIsForAnIdTheSourcesNoLongerCite() {
        // docs/security.md also lists promises proved by tests that do not cite the id (UB-2, UB-5), so
        // only the feature index, which is built from the citations, must shrink with them.
        List<String> stale = new ArrayList<>();
        for (RuleIndexes.Row row : featureRows()) if (!USED.containsKey(row.id())) stale.add(row.id());
        assertThat(stale).as("docs/rules.md rows for ids cited nowhere in src/").isEmpty();
    }

    @Test
    void everyFeatureRowIsARuleOfTheSpecAndAppearsOnce() {
        Set<String> defined = specRules();
        List<String> ids = featureRows().stream().map(RuleIndexes.Row::id).toList();
        assertThat(ids).as("ids indexed twice").doesNotHaveDuplicates();
        assertThat(ids.stream().filter(id -> !defined.contains(id)).toList())
                .as("ids indexed in docs/rules.md but not defined in docs/spec/semantics.md").isEmpty();
    }

    @Test
    void everyTrustRuleIdHasOneRowSoNoTwoRulesShareAnId() {
        // A new rule given an id already taken (a range like ST-R1..R4 included) would read as the old one.
        List<String> ids = new ArrayList<>();
        for (RuleIndexes.Row row : trustRows()) ids.addAll(RuleIndexes.expand(row.id()));
        assertThat(ids).as("trust rule ids with more than one row in docs/security.md").doesNotHaveDuplicates();
    }

    @Test
    void everyFeatureRuleOfTheSpecHasARowSoEveryRuleHasATest() {
        Set<String> defined = specRules();
        defined.removeAll(indexed(featureRows()));
        assertThat(defined).as("rules of docs/spec/semantics.md without a row (and so without a test) in docs/rules.md").isEmpty();
    }
}
