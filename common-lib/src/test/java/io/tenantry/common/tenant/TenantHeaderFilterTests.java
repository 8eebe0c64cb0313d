package io.tenantry.common.tenant;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class TenantHeaderFilterTests {

	static final UUID TENANT = UUID.randomUUID();

	final TenantHeaderFilter filter = new TenantHeaderFilter();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void headersThatMatchTheTokenPass() throws Exception {
		TenantContextTests.authenticate(Map.of("tid", TENANT.toString()));
		MockHttpServletResponse response = run(Map.of("X-Tenant-Id", TENANT.toString(), "X-User-Id", "user-1"));
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@Test
	void requestWithoutTenantHeadersPasses() throws Exception {
		TenantContextTests.authenticate(Map.of("tid", TENANT.toString()));
		assertThat(run(Map.of()).getStatus()).isEqualTo(200);
	}

	@Test
	void anotherTenantsHeaderIsRefusedWithProblemJson() throws Exception {
		TenantContextTests.authenticate(Map.of("tid", TENANT.toString()));
		MockHttpServletResponse response = run(Map.of("X-Tenant-Id", UUID.randomUUID().toString()));
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("https://tenantry.io/problems/tenant-mismatch")
			.contains("X-Tenant-Id");
	}

	@Test
	void anotherUsersHeaderIsRefused() throws Exception {
		TenantContextTests.authenticate(Map.of("tid", TENANT.toString()));
		assertThat(run(Map.of("X-User-Id", "user-2")).getStatus()).isEqualTo(403);
	}

	@Test
	void tenantHeaderWithoutATokenIsRefused() throws Exception {
		assertThat(run(Map.of("X-Tenant-Id", TENANT.toString())).getStatus()).isEqualTo(403);
	}

	private MockHttpServletResponse run(Map<String, String> headers) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/things");
		headers.forEach(request::addHeader);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
