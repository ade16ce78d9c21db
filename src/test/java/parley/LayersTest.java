package parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, as rules a change cannot break unnoticed: layers that point one way
 * (web → chat → live → store, with cluster beside live), no package cycle, SQL only where the data is,
 * HTTP only in web.
 */
class LayersTest {
    private static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("parley");

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy("parley")
                .layer("web").definedBy("parley.web..")
                .layer("chat").definedBy("parley.chat..")
                .layer("live").definedBy("parley.live..")
                .layer("cluster").definedBy("parley.cluster..")
                .layer("store").definedBy("parley.store..")
                .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("web").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("chat").mayOnlyBeAccessedByLayers("web", "wiring")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("live").mayOnlyBeAccessedByLayers("web", "chat", "cluster", "wiring")
                .whereLayer("store").mayOnlyBeAccessedByLayers("web", "chat", "live", "cluster", "wiring")
                .check(PARLEY);
    }

    @Test
    void noPackageCycles() {
        slices().matching("parley.(*)..").should().beFreeOfCycles().check(PARLEY);
    }

    @Test
    void onlyTheStoreAndTheClusterRunSql() {
        noClasses().that().resideOutsideOfPackages("parley.store..", "parley.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.sql..", "javax.sql..", "org.postgresql..", "org.sqlite..", "org.flywaydb..", "com.zaxxer.hikari..")
                .check(PARLEY);
    }

    @Test
    void onlyWebKnowsHttp() {
        noClasses().that().resideOutsideOfPackage("parley.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "gg.jte..")
                .check(PARLEY);
    }
}
