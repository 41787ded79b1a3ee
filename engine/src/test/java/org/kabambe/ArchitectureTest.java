package org.kabambe;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** How the packages of the engine and the connectors (main classes) may depend on each other. */
@AnalyzeClasses(packages = "org.kabambe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * Every package depends on others one way only: packages in a cycle can only be understood, tested and changed
   * together (eleven once formed one cycle around the store).
   */
  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("org.kabambe.(**)").should().beFreeOfCycles()
      .because("packages in a cycle can only be understood, tested and changed together; move the class that closes"
          + " it to the package it belongs to");

  /**
   * The store is the bottom layer that H2 and PostgreSQL sit behind (the database, the group-commit writer, the SQL
   * dialect): it knows no feature, and each feature keeps its own data access (sessions, contacts, the outbox).
   */
  @ArchTest
  static final ArchRule storeIsALeaf = noClasses().that().resideInAPackage("org.kabambe.store..")
      .should().dependOnClassesThat(resideInAPackage("org.kabambe..").and(not(resideInAPackage("org.kabambe.store.."))))
      .because("the store is the bottom layer: a feature's data access lives in the feature's package");
}
