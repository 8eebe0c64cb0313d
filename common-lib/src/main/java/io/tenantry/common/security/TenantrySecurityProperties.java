package io.tenantry.common.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a Tenantry service verifies access tokens.
 *
 * @param issuer the {@code iss} every token must carry (the public address of the gateway)
 * @param jwkSetUri where the issuer's public keys are published; a {@code http://<service-id>/}
 * address is resolved through service discovery
 * @param publicPaths request paths reachable without a token, beyond health, metrics and the
 * OpenAPI document
 * @param revocationWindow how long a revoked session or user is remembered: at least the
 * access token lifetime, so no token issued before the revocation outlives it
 */
@ConfigurationProperties("tenantry.security")
public record TenantrySecurityProperties(@DefaultValue("http://localhost:3007") String issuer,
		@DefaultValue("http://user-service/oauth2/jwks") String jwkSetUri, @DefaultValue List<String> publicPaths,
		@DefaultValue("11m") Duration revocationWindow) {

	/** Paths every service exposes without a token. */
	public static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health", "/actuator/health/**",
			"/actuator/info", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
			"/swagger-ui/**", "/error");

}
