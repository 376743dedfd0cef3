package io.github.grpcaio.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated {@code XxxAio.java} files compile without a single warning under {@code
 * -Xlint:all}, and their javadoc passes doclint: deprecated services, methods and keyword names
 * included.
 */
class GeneratedCodeLintTest {

  @Test
  void generatedSources_compileWithoutWarnings(@TempDir Path out) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<File> sources = new ArrayList<>();
    for (Path file : GoldenFilesTest.aioFiles(GoldenFilesTest.GENERATED)) {
      sources.add(GoldenFilesTest.GENERATED.resolve(file).toFile());
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(5);

    boolean compiled;
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      List<String> options =
          List.of(
              "--release",
              "17",
              "-Xlint:all",
              "-Xdoclint:all/protected",
              "-Werror",
              "-proc:none",
              "-classpath",
              // The messages and XxxGrpc classes, compiled by this module's build.
              "target/classes" + File.pathSeparator + System.getProperty("java.class.path"),
              "-d",
              out.toString());
      compiled =
          compiler
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromFiles(sources))
              .call();
    }

    assertThat(diagnostics.getDiagnostics())
        .extracting(Diagnostic::toString)
        .as("warnings and errors")
        .isEmpty();
    assertThat(compiled).isTrue();
    assertThat(Files.exists(out.resolve("io/github/grpcaio/it/echo/EchoAio$Stub.class"))).isTrue();
  }
}
