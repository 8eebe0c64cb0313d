package io.tenantry.common.security;

import java.util.ArrayList;
import java.util.List;

import io.tenantry.common.tenant.TenantHeaderFilter;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;

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
			// security headers go out before the handler runs: a streamed (async) response
			// then never writes them from two threads at once
			.headers((headers) -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
				@Override
				public <O extends HeaderWriterFilter> O postProcess(O filter) {
					filter.setShouldWriteHeadersEagerly(true);
					return filter;
				}
			}))
			.addFilterAfter(new TenantHeaderFilter(), BearerTokenAuthenticationFilter.class);
		return http;
	}

}
