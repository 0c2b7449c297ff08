package io.cosd.e2e;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts one real cosd ({@link E2e}: random loopback port, fresh data dir) before the annotated class's
 * {@code @BeforeAll} methods and closes it, and the SDK clients made for it, after its {@code @AfterAll}
 * methods. The test gets them by type: static fields marked {@link Inject}, or parameters of its
 * constructor, {@code @BeforeAll} and test methods, of type {@link E2e},
 * {@link com.qcloud.cos.COSClient} (root credentials) or
 * {@link software.amazon.awssdk.services.s3.S3Client} (root credentials, path style). One instance of
 * each per class; a client is only built when something asks for it.
 *
 * <p>Tests that control server processes themselves (crash tests, {@link CosdProcess}) or run several
 * servers start them by hand.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CosdServerExtension.class)
@interface CosdServer {
    /** When positive, the server runs lifecycle in test mode: a day is this many seconds (COSD_LIFECYCLE_DAY_SECONDS). */
    int lifecycleDaySeconds() default 0;

    /**
     * Name of a static no-argument method of the test class that starts the {@link E2e} itself, for a
     * config the attributes above do not cover (regions, integrity settings, …). Empty: the default server.
     */
    String factory() default "";

    /** Marks a static field of type E2e, COSClient or S3Client that {@link CosdServer} fills before {@code @BeforeAll}. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface Inject {}
}
