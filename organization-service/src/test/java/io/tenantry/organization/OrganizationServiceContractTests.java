package io.tenantry.organization;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.common.test.TestJwtDecoderConfiguration;

import org.springframework.context.annotation.Import;

@Import(TestJwtDecoderConfiguration.class)
class OrganizationServiceContractTests extends ServiceContractTests {

	@Override
	protected Class<?> applicationClass() {
		return OrganizationServiceApplication.class;
	}

}
