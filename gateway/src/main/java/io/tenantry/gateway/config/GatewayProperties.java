package io.tenantry.gateway.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param issuer the {@code iss} every accepted token carries
 * @param jwkSetUri the issuer's JWKS, resolved through discovery
 * @param publicPaths paths reachable without a token
 * @param routeTimeout how long a route waits for its service before answering 503
 * @param openCircuitWait how long an open circuit refuses calls before trying again
 * @param revocationWindow how long a revoked session or user is remembered: at least the
 * access token lifetime, so no token issued before the revocation outlives it
 */
@ConfigurationProperties("tenantry.gateway")
public record GatewayProperties(@DefaultValue("http://localhost:3007") String issuer,
		@DefaultValue("http://user-service/oauth2/jwks") String jwkSetUri,
		@DefaultValue({ "/api/auth/login", "/api/auth/refresh", "/api/auth/mfa/verify", "/api/auth/mfa/enroll",
				"/api/users/reset-password", "/api/users/set-password", "/api/signup", "/api/organizations/invitations/accept", "/api/billing/webhooks/stripe", "/oauth2/**", "/.well-known/**", "/actuator/health",
				"/actuator/health/**", "/actuator/info", "/actuator/prometheus" }) List<String> publicPaths,
		@DefaultValue("5s") Duration routeTimeout, @DefaultValue("5s") Duration openCircuitWait,
		@DefaultValue("11m") Duration revocationWindow) {

}
