package org.kabambe.store;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The store is the bottom layer: features depend on it, never the reverse (the databases plug in below it). */
class StoreIsALeafTest {
  @Test
  void theStoreDependsOnNoOtherKabambePackage() {
    var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.kabambe");
    noClasses().that().resideInAPackage("org.kabambe.store..")
        .should().dependOnClassesThat(resideInAPackage("org.kabambe..")
            .and(resideOutsideOfPackage("org.kabambe.store..")))
        .check(classes);
  }
}
