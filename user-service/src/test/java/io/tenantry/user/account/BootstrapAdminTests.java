package io.tenantry.user.account;

import java.util.Optional;

import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.user.password.PasswordHashing;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@UserServiceTest
class BootstrapAdminTests {

	@Autowired
	BootstrapAdmin bootstrap;

	@Autowired
	UserAccountRepository accounts;

	@Autowired
	PasswordHashing hashing;

	@Test
	void withoutAConfiguredPasswordOneIsGeneratedAndStoredOnlyAsAHash() {
		Optional<String> generated = this.bootstrap.ensure("first-start@tenantry.test", "");
		assertThat(generated).isPresent();
		UserAccount admin = TenantContext.callAs(PlatformTenant.ID,
				() -> this.accounts.findByEmail("first-start@tenantry.test")).orElseThrow();
		assertThat(admin.getPasswordHash()).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(generated.get());
		assertThat(this.hashing.matches(generated.get(), admin.getPasswordHash())).isTrue();
		assertThat(admin.getRoles()).containsExactly("PLATFORM_ADMIN");
		assertThat(admin.getTenantId()).isEqualTo(PlatformTenant.ID);
	}

	@Test
	void anExistingAdminIsLeftAsItIs() {
		this.bootstrap.ensure("second-start@tenantry.test", "a configured password");
		assertThat(this.bootstrap.ensure("second-start@tenantry.test", "")).isEmpty();
	}

	@Test
	void accountsAreInvisibleOutsideTheirTenant() {
		this.bootstrap.ensure("hidden@tenantry.test", "a configured password");
		assertThat(this.accounts.findByEmail("hidden@tenantry.test")).isEmpty();
	}

}
