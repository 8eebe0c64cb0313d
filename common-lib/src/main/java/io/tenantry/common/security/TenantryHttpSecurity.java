package io.tenantry.common.security;

import java.util.ArrayList;
import java.util.List;

import io.tenantry.common.tenant.TenantHeaderFilter;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * The resource-server rules every Tenantry service applies to its API: stateless bearer
 * tokens only, problem+json errors, the tenant header cross-check, and an explicit list of
 * public paths. Services with extra filter chains (the token issuer) reuse it for theirs.
 */
public class TenantryHttpSecurity {

	private final TenantrySecurityProperties properties;

	public TenantryHttpSecurity(TenantrySecurityProperties properties) {
		this.properties = properties;
	}

	public HttpSecurity apply(HttpSecurity http) {
		List<String> publicPaths = new ArrayList<>(TenantrySecurityProperties.ALWAYS_PUBLIC);
		publicPaths.addAll(this.properties.publicPaths());
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(publicPaths.toArray(String[]::new))
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(new TenantryJwtAuthenticationConverter()))
				.authenticationEntryPoint(ProblemSecurityHandlers.authenticationEntryPoint())
				.accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(ProblemSecurityHandlers.authenticationEntryPoint())
				.accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.addFilterAfter(new TenantHeaderFilter(), BearerTokenAuthenticationFilter.class);
		return http;
	}

}
