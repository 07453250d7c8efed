package io.pgsnap.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once, against one PostgreSQL server of the suite: the major of system
 * property {@code pgsnap.test.oneServerMajor} (default {@code 15}, Debian's package) when {@code
 * pgsnap.test.majors} lists it, otherwise the first major listed. The test method takes a {@link
 * PgServer} parameter, as with {@link AcrossServers}.
 *
 * <p>For behaviour that is pgsnap's own and cannot depend on the server's major: checks of files
 * and options made before or without the server, command-line messages and exit statuses, logs,
 * retention, and the handling of errors the server reports by SQLSTATE. Running such a test on
 * every major would only repeat it. When in doubt, a test stays {@link AcrossServers}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(PostgresServersExtension.class)
public @interface OnOneServer {}
