package cn.disclosure.review.boot;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. When no external database is configured (no {@code QUARKUS_DATASOURCE_JDBC_URL}),
 * an embedded PostgreSQL with a persistent data directory is started first, so the service runs
 * on a fresh machine with no set-up. Outside the prod profile, a missing audit checkpoint signing
 * key is generated once and kept in the data directory.
 */
@QuarkusMain
public class ReviewServiceMain {

    public static void main(String... args) {
        EmbeddedDatabase.startIfNoDatabaseConfigured();
        AuditSigningKey.provideForLocalRun();
        Quarkus.run(args);
    }
}
