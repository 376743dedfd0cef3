package io.github.grpcaio.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a user gets from a published grpc-aio: {@code aio-bom} at this version, managing every
 * published module, and POMs carrying what a public repository requires. A module is published
 * unless its POM sets {@code maven.deploy.skip}.
 */
class PublishedArtifactsTest {

  private static final Path ROOT = Path.of(System.getProperty("fresh.rootDir", ".."));
  private static final String VERSION = System.getProperty("fresh.projectVersion", "");

  @Test
  void bom_isAtThisVersion_andManagesEveryPublishedModule() throws Exception {
    Element bom = pom(ROOT.resolve("aio-bom/pom.xml"));
    List<String> managed = new ArrayList<>();
    for (Element dependency :
        children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("io.github.grpcaio");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      managed.add(text(dependency, "artifactId"));
    }

    assertThat(text(bom, "version")).as("aio-bom's version").isEqualTo(VERSION);
    assertThat(managed).containsAll(publishedModules()).doesNotHaveDuplicates();
  }

  @Test
  void publishedPoms_carryWhatCentralRequires() throws Exception {
    Element root = pom(ROOT.resolve("pom.xml"));
    assertThat(text(root, "url")).startsWith("https://");
    assertThat(text(child(child(root, "licenses"), "license"), "name")).isEqualTo("Apache-2.0");
    assertThat(text(child(child(root, "developers"), "developer"), "name")).isNotBlank();
    assertThat(text(child(root, "scm"), "connection")).startsWith("scm:git:");
    assertThat(text(child(root, "scm"), "url")).isEqualTo(text(root, "url"));
    // Inherited as they are, without Maven's default of appending each module's artifactId.
    assertThat(root.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
    assertThat(child(root, "scm").getAttribute("child.scm.connection.inherit.append.path"))
        .isEqualTo("false");

    List<String> modules = new ArrayList<>(publishedModules());
    modules.add("aio-bom");
    for (String module : modules) {
      Element pom = pom(ROOT.resolve(module).resolve("pom.xml"));
      assertThat(text(pom, "name")).as("%s's name", module).isNotBlank();
      assertThat(text(pom, "description")).as("%s's description", module).isNotBlank();
    }
  }

  /** The reactor's modules that inherit the root POM and do not skip deploy. */
  private static List<String> publishedModules() throws Exception {
    List<String> published = new ArrayList<>();
    Element root = pom(ROOT.resolve("pom.xml"));
    for (Element module : children(child(root, "modules"), "module")) {
      Element pom = pom(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml"));
      Element parent = child(pom, "parent");
      Element properties = child(pom, "properties");
      boolean skipsDeploy =
          properties != null && "true".equals(text(properties, "maven.deploy.skip"));
      if (parent != null && text(parent, "artifactId").equals("grpc-aio-parent") && !skipsDeploy) {
        published.add(text(pom, "artifactId"));
      }
    }
    assertThat(published).as("published modules").contains("aio-core", "aio-testkit");
    return published;
  }

  private static Element pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(file.toFile())
        .getDocumentElement();
  }

  /** The first child element named {@code name}, or null. */
  private static Element child(Element parent, String name) {
    List<Element> all = children(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  /** The trimmed text of the child {@code name}, or null when there is none. */
  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }
}
