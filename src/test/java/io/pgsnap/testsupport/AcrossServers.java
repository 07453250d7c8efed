package io.pgsnap.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once against every PostgreSQL major of the suite (system property {@code
 * pgsnap.test.majors}, default {@code 14,15,16,17,18}). The test method takes a {@link PgServer}
 * parameter. A server that cannot be started fails the test with instructions; it never skips.
 *
 * <p>For behaviour that can differ between majors: whatever reads the catalog, the DDL a snapshot
 * carries and what the server makes of it, the values COPY prints, privileges and locks. A test
 * whose outcome cannot depend on the major is {@link OnOneServer} instead, so that the suite's time
 * goes to the majors where it finds something.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(PostgresServersExtension.class)
public @interface AcrossServers {}
