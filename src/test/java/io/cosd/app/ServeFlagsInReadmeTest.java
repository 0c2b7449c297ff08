package io.cosd.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Configuration table names exactly the flags {@code cosd serve --help} lists (the README stays true to the code). */
class ServeFlagsInReadmeTest {
    @Test
    void everyServeFlagHasAReadmeRowAndEveryReadmeRowIsAServeFlag() throws Exception {
        Set<String> flags = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : new CommandLine(new Main()).getSubcommands().get("serve").getCommandSpec().options()) {
            String name = o.longestName();
            if (!name.equals("--help") && !name.equals("--version")) flags.add(name);
        }
        Set<String> rows = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(--[a-z0-9-]+)").matcher(Files.readString(Path.of("README.md")));
        while (m.find()) rows.add(m.group(1));
        assertThat(flags).contains("--data-dir", "--shutdown-grace");
        assertThat(rows).isEqualTo(flags);
    }
}
