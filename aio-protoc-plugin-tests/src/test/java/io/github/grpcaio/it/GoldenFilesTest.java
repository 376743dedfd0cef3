package io.github.grpcaio.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code XxxAio.java} files protoc wrote with aio-protoc-plugin in this build match the golden
 * files under {@code src/test/resources/golden}, byte for byte.
 *
 * <p>After an intended change of the generated code, regenerate the goldens and review the diff:
 *
 * <pre>
 * mvn -B -pl aio-protoc-plugin-tests -am test -Dtest=GoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true
 * git diff aio-protoc-plugin-tests/src/test/resources/golden
 * </pre>
 */
class GoldenFilesTest {

  /** Where the protobuf Maven plugin writes generated sources. */
  static final Path GENERATED = Path.of("target/generated-sources/protobuf");

  static final Path GOLDEN = Path.of("src/test/resources/golden");

  @Test
  void generatedSources_matchTheGoldenFiles() throws IOException {
    List<Path> generated = aioFiles(GENERATED);
    if (Boolean.getBoolean("golden.update")) {
      try (Stream<Path> old = Files.walk(GOLDEN)) {
        old.sorted((a, b) -> b.compareTo(a))
            .filter(p -> !p.equals(GOLDEN))
            .forEach(GoldenFilesTest::delete);
      }
      for (Path file : generated) {
        Path target = GOLDEN.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(GENERATED.resolve(file), target);
      }
    }

    List<Path> golden = aioFiles(GOLDEN);

    assertThat(generated)
        .as("generated XxxAio files (goldens in %s)", GOLDEN)
        .containsExactlyElementsOf(golden);
    for (Path file : golden) {
      assertThat(Files.readString(GENERATED.resolve(file)))
          .as("%s (regenerate with -Dgolden.update=true)", file)
          .isEqualTo(Files.readString(GOLDEN.resolve(file)));
    }
  }

  @Test
  void fileWithoutServices_generatesNoAioClass() throws IOException {
    assertThat(aioFiles(GENERATED))
        .noneMatch(file -> file.startsWith(Path.of("io/github/grpcaio/it/noservices")));
    assertThat(GENERATED.resolve("io/github/grpcaio/it/noservices/NoServices.java")).exists();
  }

  /** The {@code *Aio.java} files under {@code root}, relative to it, sorted. */
  static List<Path> aioFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("Aio.java"))
          .map(root::relativize)
          .sorted()
          .toList();
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
