package io.github.grpcaio.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The README's quick start, built as a new user builds it: a fresh Maven project made of the
 * README's {@code readme-file} blocks ({@code pom.xml}, the {@code .proto} file, the service,
 * server and client, and the test of "Testing your service"), verbatim and nothing else, runs
 * {@code mvn verify} on the Maven running this build, and its tests must run (a non-zero count) and
 * pass. A {@code pom.xml} that leaves out a plugin version Maven 3.8's defaults get wrong (surefire
 * 2.12.4 runs no JUnit 5+ test and says BUILD SUCCESS) fails here.
 *
 * <p>Our artifacts are not published: the test puts them (the parent POM, aio-bom, aio-api,
 * aio-core, aio-testkit and aio-protoc-plugin, jarred from this build's {@code target/classes})
 * into a private local repository. Everything else that repository holds is a symbolic link into
 * the shared one, and Maven runs offline, so nothing is downloaded and nothing is written to the
 * shared repository.
 */
class FreshProjectTest {

  private static final Path ROOT = Path.of(System.getProperty("fresh.rootDir", ".."));
  private static final String VERSION = System.getProperty("fresh.projectVersion", "");

  /** The modules the README's {@code pom.xml} uses, directly or through another. */
  private static final List<String> MODULES =
      List.of("aio-api", "aio-core", "aio-testkit", "aio-protoc-plugin");

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void quickStartProject_buildsAndRunsItsTests(@TempDir Path temp) throws Exception {
    Path project = temp.resolve("fresh");
    Map<String, String> files = readmeFiles();
    assertThat(files.keySet())
        .as("README.md's readme-file blocks")
        .contains("pom.xml")
        .anyMatch(path -> path.startsWith("src/test/java/"));
    for (Map.Entry<String, String> file : files.entrySet()) {
      write(project.resolve(file.getKey()), file.getValue());
    }

    Result maven = withPrivateRepository(temp, repo -> runMaven(project, repo, "verify"));

    assertThat(maven.exitCode()).as("Maven's exit code:%n%s", maven.log()).isZero();
    TestCounts counts = surefireCounts(project.resolve("target/surefire-reports"));
    assertThat(counts.run()).as("tests run:%n%s", maven.log()).isPositive();
    assertThat(counts.failed()).as("tests failed:%n%s", maven.log()).isZero();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void nameConflict_failsTheBuild_namingFileServiceAndMethod(@TempDir Path temp) throws Exception {
    Path project = temp.resolve("conflict");
    write(project.resolve("pom.xml"), readmeFiles().get("pom.xml"));
    write(
        project.resolve("src/main/proto/hello.proto"),
        """
        syntax = "proto3";
        package fresh;
        option java_package = "com.example.fresh";

        message Item { string id = 1; }
        service Shop {
          rpc GetItem (Item) returns (Item);
          rpc get_item (Item) returns (Item);
        }
        """);

    // Not -q: protoc's message is logged as a warning.
    Result maven = withPrivateRepository(temp, repo -> runMaven(project, repo, "generate-sources"));

    assertThat(maven.exitCode()).as("Maven's exit code:%n%s", maven.log()).isNotZero();
    assertThat(maven.log())
        .contains(
            "hello.proto: service fresh.Shop: method get_item: maps to the Java method name"
                + " getItem, as method GetItem does; rename one of them");
  }

  @Test
  void readmePom_namesThisVersion() throws IOException {
    assertThat(readmeFiles().get("pom.xml"))
        .contains("<grpc-aio.version>" + VERSION + "</grpc-aio.version>")
        .contains("<artifactId>aio-bom</artifactId>")
        .contains("<artifactId>aio-protoc-plugin</artifactId>");
  }

  /** How a Maven run ended. */
  record Result(int exitCode, String log) {}

  /** What surefire reported: tests run, and those that failed or erred. */
  record TestCounts(int run, int failed) {}

  /** Work with the private repository. */
  interface RepositoryUse {
    Result run(Path repo) throws Exception;
  }

  /**
   * The README's {@code readme-file} blocks: the fenced block after each marker {@code <!--
   * readme-file:PATH ...-->}, by path, in README order.
   */
  static Map<String, String> readmeFiles() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m =
        Pattern.compile("<!-- readme-file:(\\S+)[^\\n]*-->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    Map<String, String> files = new LinkedHashMap<>();
    while (m.find()) {
      assertThat(files.put(m.group(1), m.group(2)))
          .as("README.md has one readme-file block for %s", m.group(1))
          .isNull();
    }
    return files;
  }

  /** Sums the counts of surefire's XML reports in {@code reports}. */
  private static TestCounts surefireCounts(Path reports) throws Exception {
    int run = 0;
    int failed = 0;
    if (!Files.isDirectory(reports)) {
      return new TestCounts(0, 0); // a surefire that found no test may write no report
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(reports)) {
      files = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList();
    }
    for (Path file : files) {
      Element suite =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(file.toFile())
              .getDocumentElement();
      run += Integer.parseInt(suite.getAttribute("tests"));
      failed +=
          Integer.parseInt(suite.getAttribute("failures"))
              + Integer.parseInt(suite.getAttribute("errors"));
    }
    return new TestCounts(run, failed);
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
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
    install(repo, "aio-bom", ROOT.resolve("aio-bom/pom.xml"), null);
    for (String module : MODULES) {
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
