package io.fleetglance.agent;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The agent's jar carries only the parts of common that agent/pom.xml's shade filter lists, and no JSON library: a
 * class of the agent that needs anything else would fail at run time with ClassNotFoundException, on every host.
 */
class AgentJarTest {

    /** The packages of common the shade filter puts in the agent's jar. */
    private static final String[] SHADED_COMMON = {
        "io.fleetglance.common.config..", "io.fleetglance.common.names..", "io.fleetglance.common.wire.."};

    private static JavaClasses agentClasses() {
        return new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void usesOnlyThePartsOfCommonItsJarCarries() {
        noClasses().should().dependOnClassesThat(resideInAPackage("io.fleetglance.common..")
                        .and(not(resideInAnyPackage(SHADED_COMMON))))
                .because("agent/pom.xml's shade filter puts only " + String.join(", ", SHADED_COMMON)
                        + " of common in the agent's jar: add a package there before the agent uses it")
                .check(agentClasses());
    }

    @Test
    void usesNoJsonLibrary() {
        noClasses().should().dependOnClassesThat(resideInAPackage("com.fasterxml.."))
                .because("the agent's jar carries no Jackson; the agent reads the little JSON it meets with JsonReader")
                .check(agentClasses());
    }
}
