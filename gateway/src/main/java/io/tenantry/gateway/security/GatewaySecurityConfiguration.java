package io.tenantry.gateway.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.gateway.config.GatewayProperties;
import io.tenantry.gateway.web.Problems;
import io.tenantry.revocation.RevocationEvents;
import io.tenantry.revocation.RevokedTokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The gateway accepts only tokens signed by our issuer (RS256, keys from user-service's
 * JWKS found through discovery), unexpired, with our {@code iss} and a tenant claim.
 * Everything but login, the issuer's public documents and health needs one.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, GatewayProperties properties,
			ReactiveJwtDecoder jwtDecoder) {
		ServerAuthenticationEntryPoint entryPoint = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
					"A valid access token is required");
		};
		ServerAccessDeniedHandler accessDenied = (exchange, ex) -> Problems.write(exchange, HttpStatus.FORBIDDEN,
				"access-denied", "Access denied", "You may not perform this operation");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setPrincipalClaimName("sub");
		return http.authorizeExchange((exchanges) -> exchanges
			.pathMatchers(properties.publicPaths().toArray(String[]::new))
			.permitAll()
			.anyExchange()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder)
					.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(converter)))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.disable())
			.build();
	}

	@Bean
	RevokedTokens revokedTokens(GatewayProperties properties) {
		return new RevokedTokens(properties.revocationWindow(), java.time.Clock.systemUTC());
	}

	@Bean
	RevocationEvents revocationEvents(RevokedTokens revokedTokens) {
		return new RevocationEvents(revokedTokens);
	}

	@Bean
	SuspendedTenants suspendedTenants() {
		return new SuspendedTenants();
	}

	@Bean
	TenantPlans tenantPlans() {
		return new TenantPlans();
	}

	@Bean
	TenantStatusEvents tenantStatusEvents(SuspendedTenants suspendedTenants, TenantPlans tenantPlans,
			TenantDirectoryReadiness tenantDirectoryReadiness) {
		return new TenantStatusEvents(suspendedTenants, tenantPlans, tenantDirectoryReadiness);
	}

	/** Health contributor {@code tenantDirectory}, in the readiness group. */
	@Bean
	TenantDirectoryReadiness tenantDirectoryHealthIndicator(KafkaAdmin kafkaAdmin) {
		return new TenantDirectoryReadiness(() -> {
			Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
			config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
			config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
			return Admin.create(config);
		}, TenantStatusEvents.TOPIC);
	}

	@Bean
	ApiCallMetrics apiCallMetrics(TenantPlans tenantPlans, MeterRegistry meters) {
		return new ApiCallMetrics(tenantPlans, meters);
	}

	@Bean
	SuspendedTenantFilter suspendedTenantFilter(SuspendedTenants suspendedTenants) {
		return new SuspendedTenantFilter(suspendedTenants);
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(GatewayProperties properties, ReactorLoadBalancerExchangeFilterFunction loadBalancer,
			RevokedTokens revokedTokens) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
			.webClient(WebClient.builder().filter(loadBalancer).build())
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validator(properties.issuer()), revokedTokens));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(String issuer) {
		OAuth2TokenValidator<Jwt> tenantClaim = (jwt) -> {
			try {
				UUID.fromString(String.valueOf(jwt.getClaimAsString("tid")));
				return OAuth2TokenValidatorResult.success();
			}
			catch (IllegalArgumentException ex) {
				return OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "The token has no valid tenant claim", null));
			}
		};
		return new DelegatingOAuth2TokenValidator<>(List.of(JwtValidators.createDefaultWithIssuer(issuer), tenantClaim));
	}

	/**
	 * When the issuer's keys cannot be fetched the token can be neither accepted nor
	 * refused: answer 503, not 500 and not a misleading 401.
	 */
	@Bean
	@Order(-2)
	WebExceptionHandler keysUnavailableHandler() {
		return (exchange, ex) -> (ex instanceof AuthenticationServiceException)
				? Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
						"Service unavailable", "Access tokens cannot be verified right now; retry shortly")
				: Mono.error(ex);
	}

}
