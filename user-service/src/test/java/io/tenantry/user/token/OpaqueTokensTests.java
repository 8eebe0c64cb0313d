package io.tenantry.user.token;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpaqueTokensTests {

	@Test
	void aTokenNamesItsTenantAndKindAndIsUnique() {
		UUID tenant = UUID.randomUUID();
		String token = OpaqueTokens.generate("rt", tenant);
		assertThat(token).startsWith("rt_").hasSize(3 + 64);
		assertThat(OpaqueTokens.tenantOf("rt", token)).hasValue(tenant);
		assertThat(OpaqueTokens.tenantOf("mfa", token)).isEmpty();
		assertThat(OpaqueTokens.generate("rt", tenant)).isNotEqualTo(token);
	}

	@Test
	void malformedTokensNameNoTenant() {
		assertThat(OpaqueTokens.tenantOf("rt", "rt_!!!")).isEmpty();
		assertThat(OpaqueTokens.tenantOf("rt", "rt_AAAA")).isEmpty();
		assertThat(OpaqueTokens.tenantOf("rt", null)).isEmpty();
	}

	@Test
	void theStoredFormIsASha256() {
		assertThat(OpaqueTokens.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

}
