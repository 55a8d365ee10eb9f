package io.fleetglance.hub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The packages of this module depend on each other one way only: a cycle fails the build. */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        // The module's own compiled classes (Surefire runs in the module's folder).
        JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));

        slices().matching("io.fleetglance.hub.(**)").should().beFreeOfCycles().check(classes);
    }
}
