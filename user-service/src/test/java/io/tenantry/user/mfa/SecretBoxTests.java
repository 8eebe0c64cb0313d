package io.tenantry.user.mfa;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretBoxTests {

	final SecretBox box = new SecretBox(new SecretBox.Properties("bG9jYWwtb25seS1tYXN0ZXIta2V5LWRvLW5vdC11c2U="));

	final UUID tenant = UUID.randomUUID();

	final UUID user = UUID.randomUUID();

	@Test
	void sealedSecretsOpenOnlyForTheirTenantAndUser() {
		byte[] secret = "totp seed bytes".getBytes(StandardCharsets.UTF_8);
		byte[] sealed = this.box.seal(this.tenant, this.user, secret);
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("totp seed bytes");
		assertThat(this.box.open(this.tenant, this.user, sealed)).isEqualTo(secret);
		assertThatIllegalStateException().isThrownBy(() -> this.box.open(UUID.randomUUID(), this.user, sealed));
		assertThatIllegalStateException().isThrownBy(() -> this.box.open(this.tenant, UUID.randomUUID(), sealed));
	}

	@Test
	void tamperingIsDetected() {
		byte[] sealed = this.box.seal(this.tenant, this.user, new byte[] { 1, 2, 3 });
		sealed[sealed.length - 1] ^= 1;
		assertThatIllegalStateException().isThrownBy(() -> this.box.open(this.tenant, this.user, sealed));
	}

	@Test
	void aMasterKeyOfTheWrongSizeIsRefusedAtStart() {
		assertThatIllegalStateException().isThrownBy(() -> new SecretBox(new SecretBox.Properties("c2hvcnQ=")));
	}

	@Test
	void aPlatformSecretOpensOnlyForItsPurposeAndId() {
		byte[] secret = "pkcs8 bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] sealed = this.box.sealPlatformSecret("signing-key", "kid-1", secret);
		assertThat(this.box.openPlatformSecret("signing-key", "kid-1", sealed)).isEqualTo(secret);
		assertThatIllegalStateException().isThrownBy(() -> this.box.openPlatformSecret("signing-key", "kid-2", sealed));
		assertThatIllegalStateException().isThrownBy(() -> this.box.openPlatformSecret("other", "kid-1", sealed));
		assertThatIllegalStateException().isThrownBy(() -> this.box.open(this.tenant, this.user, sealed));
	}

}
