package io.tenantry.audit;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.common.test.TestJwtDecoderConfiguration;

import org.springframework.context.annotation.Import;

@Import(TestJwtDecoderConfiguration.class)
class AuditServiceContractTests extends ServiceContractTests {

	@Override
	protected Class<?> applicationClass() {
		return AuditServiceApplication.class;
	}

}
