package io.tenantry.user.password;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

	final PasswordPolicy policy = new PasswordPolicy(new PasswordProperties(12, 5, 1, 1));

	@Test
	void theBundledListIsLoaded() {
		assertThat(this.policy.commonPasswordCount()).isGreaterThan(40_000);
	}

	@Test
	void lengthIsCountedInCharactersNotBytes() {
		assertThat(this.policy.violations("ççççççççççç", null)).containsExactly("must be at least 12 characters long");
		assertThat(this.policy.violations("çççççççççççç", null)).isEmpty();
	}

	@Test
	void commonPasswordsAreRefusedIgnoringCase() {
		assertThat(this.policy.violations("Qwertyuiop123", null)).contains("is one of the most common passwords");
		assertThat(this.policy.violations("PasswordPassword", null)).contains("is one of the most common passwords");
	}

	@Test
	void theEmailsNameIsRefused() {
		assertThat(this.policy.violations("xx-JONATHAN-2026", "jonathan@example.com"))
			.containsExactly("must not contain the email address");
		assertThat(this.policy.violations("a-long-enough-password", "jo@example.com")).isEmpty();
	}

}
