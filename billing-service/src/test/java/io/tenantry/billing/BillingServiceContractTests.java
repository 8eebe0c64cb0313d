package io.tenantry.billing;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.common.test.TestJwtDecoderConfiguration;

import org.springframework.context.annotation.Import;

// the same configuration as the other tests here, so that one application context serves all
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class })
class BillingServiceContractTests extends ServiceContractTests {

	@Override
	protected Class<?> applicationClass() {
		return BillingServiceApplication.class;
	}

}
