package org.bedkd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core is the paper in plain Java: no messaging, no HTTP, no framework, no metrics library. */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.bedkd");
    }

    @Test
    void coreKnowsNoInfrastructure() {
        noClasses().that().resideInAPackage("org.bedkd..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "jakarta.ws..", "io.smallrye..",
                        "io.micrometer..", "org.eclipse.microprofile..", "io.vertx..")
                .check(core);
    }

    @Test
    void theMethodDoesNotDependOnThePipelineOrTheStore() {
        noClasses().that().resideInAnyPackage("org.bedkd.data..", "org.bedkd.attack..", "org.bedkd.model..",
                "org.bedkd.train..", "org.bedkd.defense..", "org.bedkd.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bedkd.pipeline..", "org.bedkd.store..")
                .check(core);
    }
}
