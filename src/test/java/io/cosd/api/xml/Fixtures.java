package io.cosd.api.xml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Round-trip fixtures under {@code src/test/resources/xml/<document>/}: {@code <name>.xml} is a body as
 * an SDK sends it, {@code <name>.expected.xml} the exact document cosd answers for it (GET). A name
 * starting with {@code s3-} was sent through the S3 API, any other through the COS API.
 */
public final class Fixtures {
    private Fixtures() {}

    public record Fixture(String name, byte[] body, String expected) {
        public boolean s3() { return name.startsWith("s3-"); }

        @Override
        public String toString() { return name; }
    }

    public static List<Fixture> of(String document) {
        try (Stream<Path> files = Files.list(Path.of(Fixtures.class.getResource("/xml/" + document).toURI()))) {
            List<Fixture> out = files.filter(p -> !p.getFileName().toString().endsWith(".expected.xml")).sorted().map(Fixtures::load).toList();
            if (out.isEmpty()) throw new IllegalStateException("no fixtures for " + document);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Fixture load(Path body) {
        try {
            String name = body.getFileName().toString().replaceFirst("\\.xml$", "");
            return new Fixture(name, Files.readAllBytes(body),
                    Files.readString(body.resolveSibling(name + ".expected.xml"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
