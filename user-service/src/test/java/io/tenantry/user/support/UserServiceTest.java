package io.tenantry.user.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.TenantryServiceTest;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * user-service on embedded PostgreSQL and Kafka, with a clock tests can move (put it back
 * with {@link Identity#resetClock()}), a known bootstrap admin, MFA required for
 * SECURITY_ADMIN, and the local mailbox in {@code target/mailbox}. Every test class uses
 * this one configuration, so they share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TenantryServiceTest
@Import({ MutableClockConfiguration.class, Identity.class })
@TestPropertySource(properties = { "tenantry.bootstrap-admin.email=ops@tenantry.test",
		"tenantry.bootstrap-admin.password=" + Identity.ADMIN_PASSWORD, "tenantry.mfa.required-for-roles=SECURITY_ADMIN",
		"tenantry.notifications.mailbox=" + Identity.MAILBOX })
public @interface UserServiceTest {

}
