package io.tenantry.tenant;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.common.test.TestJwtDecoderConfiguration;

import org.springframework.context.annotation.Import;

@Import(TestJwtDecoderConfiguration.class)
class TenantServiceContractTests extends ServiceContractTests {

	@Override
	protected Class<?> applicationClass() {
		return TenantServiceApplication.class;
	}

}
