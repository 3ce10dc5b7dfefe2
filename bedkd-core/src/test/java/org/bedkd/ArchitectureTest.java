package org.bedkd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core is the paper in plain Java: no messaging, no HTTP, no framework, no metrics library. */
@AnalyzeClasses(packages = "org.bedkd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreKnowsNoInfrastructure = noClasses().that().resideInAPackage("org.bedkd..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "jakarta.ws..",
                    "io.smallrye..", "io.micrometer..", "org.eclipse.microprofile..", "io.vertx..");

    @ArchTest
    static final ArchRule theMethodDoesNotDependOnThePipeline = noClasses().that()
            .resideInAnyPackage("org.bedkd.data..", "org.bedkd.attack..", "org.bedkd.model..", "org.bedkd.train..",
                    "org.bedkd.defense..", "org.bedkd.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bedkd.pipeline..", "org.bedkd.store..");
}
