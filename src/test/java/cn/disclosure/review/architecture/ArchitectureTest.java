package cn.disclosure.review.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package by capability, and no cycles between the top-level packages: each package can be read
 * and changed on its own terms, and the layers point one way — the web UI and the bootstrap on
 * top, the workflow in the middle, problems, core types and the text chain at the bottom.
 */
class ArchitectureTest {
    private static final String BASE = "cn.disclosure.review";
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingBelowImportsTheWebUiOrTheBootstrap() {
        noClasses().that().resideOutsideOfPackages(BASE + ".ui..", BASE + ".boot..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".ui..", BASE + ".boot..")
                .check(classes);
    }

    @Test
    void theBottomLayerImportsNothingAboveIt() {
        noClasses().that().resideInAnyPackage(BASE + ".web..", BASE + ".core..", BASE + ".text..", BASE + ".content..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".workflow..", BASE + ".intake..", BASE + ".review..",
                        BASE + ".publish..", BASE + ".inspect..", BASE + ".lexicon..", BASE + ".audit..", BASE + ".identity..",
                        BASE + ".notify..", BASE + ".check..", BASE + ".reminder..")
                .check(classes);
    }

    @Test
    void useCasesDoNotImportEachOther() {
        noClasses().that().resideInAnyPackage(BASE + ".intake..", BASE + ".review..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".publish..", BASE + ".notify..", BASE + ".check..")
                .check(classes);
        noClasses().that().resideInAPackage(BASE + ".workflow..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".intake..", BASE + ".review..", BASE + ".publish..")
                .check(classes);
    }
}
