package io.github.grpcaio.core.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules that the {@code package-info.java} of each internal package states: the
 * common base depends on no sub-package, {@code stream} and {@code security} only on the base, and
 * {@code client} and {@code server} never on each other.
 */
class PackageDependenciesTest {

  private static final String BASE = "io.github.grpcaio.core.internal";

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.grpcaio.core");

  @Test
  void theBaseDependsOnNoSubPackage() {
    noClasses()
        .that()
        .resideInAPackage(BASE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".(*)..")
        .check(CORE);
  }

  @Test
  void streamAndSecurityDependOnlyOnTheBase() {
    for (String leaf : new String[] {"stream", "security"}) {
      noClasses()
          .that()
          .resideInAPackage(BASE + "." + leaf + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(BASE + ".client..", BASE + ".server..", otherLeaf(leaf))
          .check(CORE);
    }
  }

  @Test
  void clientAndServerNeverDependOnEachOther() {
    slices().matching(BASE + ".(client|server)..").should().notDependOnEachOther().check(CORE);
  }

  @Test
  void nothingInternalDependsOnTheFacade() {
    noClasses()
        .that()
        .resideInAPackage(BASE + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.github.grpcaio.core")
        .check(CORE);
  }

  private static String otherLeaf(String leaf) {
    return BASE + (leaf.equals("stream") ? ".security.." : ".stream..");
  }
}
