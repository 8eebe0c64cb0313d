package io.tenantry.security;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.common.test.TestJwtDecoderConfiguration;

import org.springframework.context.annotation.Import;

@Import(TestJwtDecoderConfiguration.class)
class SecurityServiceContractTests extends ServiceContractTests {

	@Override
	protected Class<?> applicationClass() {
		return SecurityServiceApplication.class;
	}

}
