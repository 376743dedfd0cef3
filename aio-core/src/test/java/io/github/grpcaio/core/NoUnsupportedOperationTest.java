package io.github.grpcaio.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build check of issue 3: no method of aio-api answers {@code UnsupportedOperationException} in
 * the implementation. It scans the sources of aio-core and lists every place that throws one or
 * documents throwing one. (Catching the one grpc-java's {@code RequestInfo.getCallOptions()} may
 * throw is not refusing anything.)
 */
class NoUnsupportedOperationTest {

  @Test
  void implementation_neverThrowsUnsupportedOperationException() throws IOException {
    Path sources = Path.of("src/main/java");
    assertThat(sources).as("run from the aio-core module directory").isDirectory();
    List<String> places = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(
              file -> {
                try {
                  List<String> lines = Files.readAllLines(file);
                  for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.contains("new UnsupportedOperationException")
                        || line.contains("@throws UnsupportedOperationException")) {
                      places.add(file + ":" + (i + 1) + ": " + line.strip());
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }

    assertThat(places).as("places naming UnsupportedOperationException").isEmpty();
  }
}
