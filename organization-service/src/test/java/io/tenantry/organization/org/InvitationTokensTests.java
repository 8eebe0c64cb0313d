package io.tenantry.organization.org;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvitationTokensTests {

	@Test
	void everyTokenNamesItsTenantWhateverCharactersItsEncodingHas() {
		for (int i = 0; i < 2000; i++) {
			UUID tenant = UUID.randomUUID();
			String token = InvitationTokens.generate(tenant);
			assertThat(InvitationTokens.tenantOf(token)).hasValue(tenant);
			assertThat(InvitationTokens.hash(token)).hasSize(64).isNotEqualTo(InvitationTokens.hash(token + "x"));
		}
	}

	@Test
	void somethingElseNamesNoTenant() {
		assertThat(InvitationTokens.tenantOf(null)).isEmpty();
		assertThat(InvitationTokens.tenantOf("not-a-token")).isEmpty();
		assertThat(InvitationTokens.tenantOf("inv_short_x")).isEmpty();
		assertThat(InvitationTokens.tenantOf("inv_!!!!!!!!!!!!!!!!!!!!!!_secret")).isEmpty();
	}

}
