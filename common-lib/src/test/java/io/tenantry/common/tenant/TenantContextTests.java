package io.tenantry.common.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenantContextTests {

	static final UUID TOKEN_TENANT = UUID.randomUUID();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void withoutTokenOrExplicitTenantThereIsNoTenantAndRequiringOneIsRefused() {
		assertThat(TenantContext.currentTenantId()).isEmpty();
		assertThatExceptionOfType(MissingTenantException.class).isThrownBy(TenantContext::requireTenantId);
	}

	@Test
	void tenantIsTheTokensTidClaim() {
		authenticate(Map.of("tid", TOKEN_TENANT.toString()));
		assertThat(TenantContext.currentTenantId()).contains(TOKEN_TENANT);
	}

	@Test
	void malformedTidClaimIsNoTenant() {
		authenticate(Map.of("tid", "not-a-uuid"));
		assertThat(TenantContext.currentTenantId()).isEmpty();
	}

	@Test
	void explicitTenantAppliesInsideCallAsAndIsRestoredAfterIt() {
		authenticate(Map.of("tid", TOKEN_TENANT.toString()));
		UUID outer = UUID.randomUUID();
		UUID inner = UUID.randomUUID();
		TenantContext.runAs(outer, () -> {
			assertThat(TenantContext.currentTenantId()).contains(outer);
			TenantContext.runAs(inner, () -> assertThat(TenantContext.currentTenantId()).contains(inner));
			assertThat(TenantContext.currentTenantId()).contains(outer);
		});
		assertThat(TenantContext.currentTenantId()).contains(TOKEN_TENANT);
	}

	@Test
	void explicitTenantIsRestoredWhenTheWorkFails() {
		UUID tenant = UUID.randomUUID();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TenantContext.runAs(tenant, () -> {
			throw new IllegalArgumentException("boom");
		}));
		assertThat(TenantContext.currentTenantId()).isEmpty();
	}

	static void authenticate(Map<String, Object> claims) {
		Jwt jwt = new Jwt("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"),
				new java.util.HashMap<>(Map.of("sub", "user-1", "roles", List.of("MEMBER"))) {
					{
						putAll(claims);
					}
				});
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of(), "user-1"));
	}

}
