package io.tenantry.user.password;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2idEncoderTests {

	static final String PASSWORD = "harbour-violet-lantern-42";

	final Argon2idEncoder encoder = new Argon2idEncoder(16, 32, 1, 19 * 1024, 2, 1);

	@Test
	void hashesInThePhcFormatWithTheOwaspParameters() {
		String hash = this.encoder.encode(PASSWORD);
		assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
		assertThat(this.encoder.matches(PASSWORD, hash)).isTrue();
		assertThat(this.encoder.matches(PASSWORD + "!", hash)).isFalse();
		assertThat(this.encoder.encode(PASSWORD)).as("a new salt each time").isNotEqualTo(hash);
	}

	@Test
	void readsSpringSecuritysHashesAndSpringSecurityReadsItsHashes() {
		Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
		assertThat(this.encoder.matches(PASSWORD, spring.encode(PASSWORD))).isTrue();
		assertThat(spring.matches(PASSWORD, this.encoder.encode(PASSWORD))).isTrue();
		String weaker = new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode(PASSWORD);
		assertThat(this.encoder.matches(PASSWORD, weaker)).isTrue();
	}

	@Test
	void hashesWithOtherParametersAreUpgraded() {
		assertThat(this.encoder.upgradeEncoding(this.encoder.encode(PASSWORD))).isFalse();
		assertThat(this.encoder.upgradeEncoding(new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode(PASSWORD)))
			.isTrue();
	}

	@Test
	void malformedHashesNeverMatch() {
		assertThat(this.encoder.matches(PASSWORD, "$argon2id$v=19$m=19456$abc$def")).isFalse();
		assertThat(this.encoder.matches(PASSWORD, "$argon2id$v=19$m=x,t=2,p=1$abc$def")).isFalse();
		assertThat(this.encoder.matches(PASSWORD, "not a hash")).isFalse();
		assertThat(this.encoder.matches(PASSWORD, null)).isFalse();
	}

	@Test
	void manyHashesReuseThePooledMemoryAndStayCorrect() {
		String hash = this.encoder.encode(PASSWORD);
		for (int i = 0; i < 5; i++) {
			assertThat(this.encoder.matches(PASSWORD, hash)).isTrue();
			assertThat(this.encoder.matches("wrong", hash)).isFalse();
		}
	}

}
