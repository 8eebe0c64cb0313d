package io.tenantry.user.mfa;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param issuer the name authenticator apps show next to the account
 * @param requiredForRoles users holding any of these roles must use MFA: without it, login
 * answers {@code mfa_enrollment_required}
 * @param recoveryCodes how many recovery codes an enrolment gives
 */
@ConfigurationProperties("tenantry.mfa")
public record MfaProperties(@DefaultValue("Tenantry") String issuer, @DefaultValue List<String> requiredForRoles,
		@DefaultValue("10") int recoveryCodes) {

}
