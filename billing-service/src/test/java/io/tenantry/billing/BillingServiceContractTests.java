package io.tenantry.billing;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.common.test.TestJwtDecoderConfiguration;

import org.springframework.context.annotation.Import;

@Import(TestJwtDecoderConfiguration.class)
class BillingServiceContractTests extends ServiceContractTests {

	@Override
	protected Class<?> applicationClass() {
		return BillingServiceApplication.class;
	}

}
