package io.pgsnap.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once against every PostgreSQL major of the suite (system property {@code
 * pgsnap.test.majors}, default {@code 14,15,18}). The test method takes a {@link PgServer}
 * parameter. A server that cannot be started fails the test with instructions; it never skips.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(PostgresServersExtension.class)
public @interface AcrossServers {}
