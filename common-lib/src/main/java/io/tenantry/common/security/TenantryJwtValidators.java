package io.tenantry.common.security;

import java.util.List;

import io.tenantry.common.tenant.TenantContext;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * The checks every Tenantry access token must pass wherever it is verified: signature (by
 * the decoder), expiry and not-before, our issuer, and a well-formed tenant claim.
 */
public final class TenantryJwtValidators {

	private TenantryJwtValidators() {
	}

	public static OAuth2TokenValidator<Jwt> create(String issuer) {
		return new DelegatingOAuth2TokenValidator<>(List.of(JwtValidators.createDefaultWithIssuer(issuer),
				TenantryJwtValidators::hasTenant));
	}

	private static OAuth2TokenValidatorResult hasTenant(Jwt jwt) {
		String tenant = jwt.getClaimAsString(TenantContext.TENANT_CLAIM);
		try {
			java.util.UUID.fromString((tenant != null) ? tenant : "");
			return OAuth2TokenValidatorResult.success();
		}
		catch (IllegalArgumentException ex) {
			return OAuth2TokenValidatorResult
				.failure(new OAuth2Error("invalid_token", "The token has no valid tenant claim", null));
		}
	}

}
