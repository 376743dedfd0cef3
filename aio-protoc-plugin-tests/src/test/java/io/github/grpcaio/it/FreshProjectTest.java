package io.github.grpcaio.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh Maven project whose {@code pom.xml} holds the README's two snippets, verbatim, gets typed
 * stubs from its {@code .proto} file and runs an RPC through them.
 *
 * <p>Our artifacts are not published: the test puts them (the parent POM, aio-api, aio-core and
 * aio-protoc-plugin, jarred from this build's {@code target/classes}) into a private local
 * repository. Everything else that repository holds is a symbolic link into the shared one, and
 * Maven runs offline, so nothing is downloaded and nothing is written to the shared repository.
 */
class FreshProjectTest {

  private static final Path ROOT = Path.of(System.getProperty("fresh.rootDir", ".."));
  private static final String VERSION = System.getProperty("fresh.projectVersion", "");

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void projectFromReadmeSnippet_generatesStubs_andRunsAnRpc(@TempDir Path temp) throws Exception {
    Path project = temp.resolve("fresh");
    writeProject(project, HELLO_PROTO, MAIN);

    Result maven =
        withPrivateRepository(
            temp,
            repo ->
                // `test` runs MainTest, which runs Main: it needs only plugins this build uses
                // itself, so the shared repository has them (exec:java's plugin maybe not).
                runMaven(project, repo, "test"));

    assertThat(maven.exitCode()).as("Maven's exit code:%n%s", maven.log()).isZero();
    assertThat(maven.log()).contains("fresh: Hello, README!");
    assertThat(project.resolve("target/generated-sources/protobuf/com/example/fresh/HelloAio.java"))
        .exists();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void nameConflict_failsTheBuild_namingFileServiceAndMethod(@TempDir Path temp) throws Exception {
    Path project = temp.resolve("conflict");
    writeProject(
        project,
        """
        syntax = "proto3";
        package fresh;
        option java_package = "com.example.fresh";

        message Item { string id = 1; }
        service Shop {
          rpc GetItem (Item) returns (Item);
          rpc get_item (Item) returns (Item);
        }
        """,
        null);

    // Not -q: protoc's message is logged as a warning.
    Result maven = withPrivateRepository(temp, repo -> runMaven(project, repo, "generate-sources"));

    assertThat(maven.exitCode()).as("Maven's exit code:%n%s", maven.log()).isNotZero();
    assertThat(maven.log())
        .contains(
            "hello.proto: service fresh.Shop: method get_item: maps to the Java method name"
                + " getItem, as method GetItem does; rename one of them");
  }

  /** How a Maven run ended. */
  record Result(int exitCode, String log) {}

  /** Work with the private repository. */
  interface RepositoryUse {
    Result run(Path repo) throws Exception;
  }

  private static Result withPrivateRepository(Path temp, RepositoryUse use) throws Exception {
    Path repo = privateRepository(temp.resolve("repo"));
    try {
      installOurArtifacts(repo);
      return use.run(repo);
    } finally {
      unlinkShared(repo);
    }
  }

  /** Runs Maven offline on {@code project} with {@code repo} as its local repository. */
  private static Result runMaven(Path project, Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-o"));
    command.add("-Dmaven.repo.local=" + repo);
    command.addAll(List.of(args));
    Path log = project.resolve("maven.log");
    Process maven =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!maven.waitFor(150, TimeUnit.SECONDS)) {
      maven.destroyForcibly().waitFor();
      throw new AssertionError("Maven did not finish in 150 s:\n" + Files.readString(log));
    }
    return new Result(maven.exitValue(), Files.readString(log));
  }

  /** The README's {@code xml} block after the marker {@code <!-- readme-snippet:NAME ...}. */
  static String readmeSnippet(String name) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m =
        Pattern.compile(
                "<!-- readme-snippet:" + Pattern.quote(name) + "\\b[^\\n]*-->\\n```xml\\n(.*?)```",
                Pattern.DOTALL)
            .matcher(readme);
    assertThat(m.find()).as("README.md has the snippet %s", name).isTrue();
    return m.group(1);
  }

  @Test
  void readmeSnippets_nameThisVersion() throws IOException {
    assertThat(readmeSnippet("dependencies")).contains("<version>" + VERSION + "</version>");
    assertThat(readmeSnippet("build"))
        .contains("<artifactId>aio-protoc-plugin</artifactId>")
        .contains("<version>" + VERSION + "</version>");
  }

  private static void writeProject(Path project, String proto, String main) throws IOException {
    String build =
        readmeSnippet("build")
            .replaceFirst(
                "<build>",
                // Plugin versions a bare project would take from Maven 3.8's defaults; these are
                // the ones this build uses, so the offline run finds them.
                "<build>\n  <pluginManagement><plugins>\n"
                    + pinned("maven-resources-plugin", "3.5.0")
                    + pinned("maven-compiler-plugin", "3.16.0")
                    + pinned("maven-surefire-plugin", "3.6.1")
                    + "  </plugins></pluginManagement>");
    String pom =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>fresh</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        """
            + readmeSnippet("dependencies")
                .replace(
                    "</dependencies>",
                    "  <dependency><groupId>org.junit.jupiter</groupId>"
                        + "<artifactId>junit-jupiter</artifactId><version>"
                        + System.getProperty("fresh.junitVersion")
                        + "</version><scope>test</scope></dependency>\n</dependencies>")
            + build
            + "</project>\n";
    Files.createDirectories(project.resolve("src/main/proto"));
    Files.writeString(project.resolve("pom.xml"), pom);
    Files.writeString(project.resolve("src/main/proto/hello.proto"), proto);
    if (main != null) {
      Path mainFile = project.resolve("src/main/java/com/example/fresh/Main.java");
      Files.createDirectories(mainFile.getParent());
      Files.writeString(mainFile, main);
      Path test = project.resolve("src/test/java/com/example/fresh/MainTest.java");
      Files.createDirectories(test.getParent());
      Files.writeString(
          test,
          """
          package com.example.fresh;

          class MainTest {
            @org.junit.jupiter.api.Test
            void main_runsAnRpc() throws Exception {
              Main.main(new String[0]);
            }
          }
          """);
    }
  }

  private static final String HELLO_PROTO =
      """
        syntax = "proto3";
        package fresh;
        option java_package = "com.example.fresh";
        option java_multiple_files = true;

        service Hello {
          rpc SayHello (HelloRequest) returns (HelloReply);
        }
        message HelloRequest { string name = 1; }
        message HelloReply { string message = 1; }
        """;

  private static final String MAIN =
      """
        package com.example.fresh;

        import io.github.grpcaio.Channel;
        import io.github.grpcaio.Server;
        import io.github.grpcaio.ServicerContext;
        import io.github.grpcaio.core.GrpcAio;
        import java.util.concurrent.CompletableFuture;
        import java.util.concurrent.CompletionStage;

        public class Main {
          public static void main(String[] args) throws Exception {
            Server server = GrpcAio.server();
            HelloAio.addHelloServicerToServer(
                new HelloAio.Servicer() {
                  @Override
                  public CompletionStage<HelloReply> sayHello(
                      HelloRequest request, ServicerContext<HelloRequest, HelloReply> context) {
                    return CompletableFuture.completedFuture(
                        HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build());
                  }
                },
                server);
            server.addInProcessPort("fresh");
            server.start().join();
            try (Channel channel = GrpcAio.inProcessChannel("fresh")) {
              HelloReply reply =
                  HelloAio.newStub(channel)
                      .sayHello(HelloRequest.newBuilder().setName("README").build())
                      .response()
                      .get();
              System.out.println("fresh: " + reply.getMessage());
            } finally {
              server.stop(null).join();
              GrpcAio.shutdown();
            }
          }
        }
        """;

  private static String pinned(String artifactId, String version) {
    return "    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>"
        + artifactId
        + "</artifactId><version>"
        + version
        + "</version></plugin>\n";
  }

  /**
   * A local repository that sees the shared one through symbolic links, except {@code
   * io/github/grpcaio}, which is its own (and empty).
   */
  private static Path privateRepository(Path repo) throws IOException {
    Path shared = Path.of(System.getProperty("fresh.localRepository"));
    linkAllBut(shared, repo, "io");
    linkAllBut(shared.resolve("io"), repo.resolve("io"), "github");
    linkAllBut(shared.resolve("io/github"), repo.resolve("io/github"), "grpcaio");
    Files.createDirectories(repo.resolve("io/github/grpcaio"));
    return repo;
  }

  /**
   * Removes the links, so that cleaning the temporary directory never looks into the shared one.
   */
  private static void unlinkShared(Path repo) throws IOException {
    for (Path dir : List.of(repo, repo.resolve("io"), repo.resolve("io/github"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> children = Files.list(dir)) {
          for (Path child : (Iterable<Path>) children::iterator) {
            if (Files.isSymbolicLink(child)) {
              Files.delete(child);
            }
          }
        }
      }
    }
  }

  private static void linkAllBut(Path from, Path to, String except) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> children = Files.list(from)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (!child.getFileName().toString().equals(except)) {
          Files.createSymbolicLink(to.resolve(child.getFileName().toString()), child);
        }
      }
    }
  }

  /** What {@code mvn install} would put there, from this build's POMs and classes. */
  private static void installOurArtifacts(Path repo) throws IOException {
    install(repo, "grpc-aio-parent", ROOT.resolve("pom.xml"), null);
    for (String module : List.of("aio-api", "aio-core", "aio-protoc-plugin")) {
      Path classes = ROOT.resolve(module).resolve("target/classes");
      assertThat(classes).as("compiled by this build").isDirectory();
      install(repo, module, ROOT.resolve(module).resolve("pom.xml"), classes);
    }
  }

  private static void install(Path repo, String artifactId, Path pom, Path classes)
      throws IOException {
    Path dir = repo.resolve("io/github/grpcaio").resolve(artifactId).resolve(VERSION);
    Files.createDirectories(dir);
    String base = artifactId + "-" + VERSION;
    Files.copy(pom, dir.resolve(base + ".pom"));
    if (classes != null) {
      jar(classes, dir.resolve(base + ".jar"));
    }
  }

  private static void jar(Path classes, Path jar) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      for (Path file : files) {
        zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
  }

  private static String mavenExecutable() {
    String home = System.getProperty("fresh.mavenHome", "");
    Path mvn = Path.of(home, "bin", "mvn");
    return !home.isEmpty() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
  }
}
