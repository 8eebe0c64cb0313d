package io.tenantry.user;

import java.util.List;
import java.util.UUID;

import io.tenantry.common.test.ServiceContractTests;
import io.tenantry.user.auth.TokenIssuer;
import io.tenantry.user.support.UserServiceTest;

import org.springframework.beans.factory.annotation.Autowired;

/** The issuer verifies its own tokens with its own keys, so tokens here are real ones. */
@UserServiceTest
class UserServiceContractTests extends ServiceContractTests {

	@Autowired
	TokenIssuer tokens;

	@Override
	protected Class<?> applicationClass() {
		return UserServiceApplication.class;
	}

	@Override
	protected String validToken(UUID tenant, UUID user, String... roles) {
		return this.tokens.issue(tenant, user, List.of(roles), null);
	}

}
