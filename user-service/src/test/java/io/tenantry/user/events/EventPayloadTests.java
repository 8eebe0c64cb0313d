package io.tenantry.user.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the JSON and the type of each event: consumers depend on these names. */
class EventPayloadTests {

	static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

	static final UUID USER = UUID.fromString("3f6e1c52-5d0a-4b59-8f0b-2d7a7c1f0e42");

	static final UUID SESSION = UUID.fromString("9b2f7a10-1c1d-4e55-9a0e-6f1d2c3b4a59");

	static final List<String> ALL_TYPES = List.of(UserCreated.TYPE, UserUpdated.TYPE, UserDeleted.TYPE,
			UserStatusChanged.TYPE, UserRolesChanged.TYPE, LoginSucceeded.TYPE, LoginFailed.TYPE, AccountLocked.TYPE,
			AccountUnlocked.TYPE, LoggedOut.TYPE, PasswordChanged.TYPE, PasswordResetRequested.TYPE, MfaEnrolled.TYPE,
			MfaReset.TYPE, SessionRevoked.TYPE, RefreshReuseDetected.TYPE, ApiClientCreated.TYPE, ApiClientRevoked.TYPE,
			SigningKeyRotated.TYPE);

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void typesFollowTheDomainEventVersionPattern() {
		assertThat(ALL_TYPES).doesNotHaveDuplicates()
			.allSatisfy((type) -> assertThat(type).matches("io\\.tenantry\\.(user|auth)\\.[a-z-]+\\.v1"));
		assertThat(LoginSucceeded.TYPE).isEqualTo("io.tenantry.auth.login-succeeded.v1");
		assertThat(UserCreated.TYPE).isEqualTo("io.tenantry.user.created.v1");
		assertThat(RefreshReuseDetected.TYPE).isEqualTo("io.tenantry.auth.refresh-reuse-detected.v1");
	}

	@Test
	void loginSucceeded() {
		assertThat(this.json.writeValueAsString(
				new LoginSucceeded(TENANT, USER, "admin@tenantry.local", SESSION, List.of("pwd", "otp"))))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\","
					+ "\"userId\":\"3f6e1c52-5d0a-4b59-8f0b-2d7a7c1f0e42\",\"email\":\"admin@tenantry.local\","
					+ "\"sessionId\":\"9b2f7a10-1c1d-4e55-9a0e-6f1d2c3b4a59\",\"methods\":[\"pwd\",\"otp\"]}");
	}

	@Test
	void loginFailed() {
		assertThat(this.json.writeValueAsString(new LoginFailed(TENANT, null, "who@example.com", "invalid_credentials")))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\",\"userId\":null,"
					+ "\"email\":\"who@example.com\",\"reason\":\"invalid_credentials\"}");
	}

	@Test
	void accountLocked() {
		assertThat(this.json.writeValueAsString(
				new AccountLocked(TENANT, USER, Instant.parse("2026-11-27T10:15:00Z"), 2)))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\","
					+ "\"userId\":\"3f6e1c52-5d0a-4b59-8f0b-2d7a7c1f0e42\",\"lockedUntil\":\"2026-11-27T10:15:00Z\","
					+ "\"lockout\":2}");
	}

	@Test
	void userRolesChanged() {
		assertThat(this.json.writeValueAsString(
				new UserRolesChanged(TENANT, USER, List.of("MEMBER"), List.of("ADMIN", "MEMBER"))))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\","
					+ "\"userId\":\"3f6e1c52-5d0a-4b59-8f0b-2d7a7c1f0e42\",\"from\":[\"MEMBER\"],"
					+ "\"to\":[\"ADMIN\",\"MEMBER\"]}");
	}

	@Test
	void usageRecorded() {
		Instant now = Instant.parse("2026-11-27T10:15:00Z");
		assertThat(UsageRecorded.TYPE).isEqualTo("io.tenantry.usage.recorded.v1");
		assertThat(this.json.writeValueAsString(new UsageRecorded(TENANT, "users", 7, now, now)))
			.isEqualTo("{\"tenantId\":\"00000000-0000-0000-0000-000000000001\",\"metric\":\"users\","
					+ "\"quantity\":7,\"windowStart\":\"2026-11-27T10:15:00Z\",\"windowEnd\":\"2026-11-27T10:15:00Z\"}");
	}

	@Test
	void noEventCarriesASecret() {
		for (Class<?> type : List.of(UserCreated.class, UserUpdated.class, UserDeleted.class, UserStatusChanged.class,
				UserRolesChanged.class, LoginSucceeded.class, LoginFailed.class, AccountLocked.class,
				AccountUnlocked.class, LoggedOut.class, PasswordChanged.class, PasswordResetRequested.class,
				MfaEnrolled.class, MfaReset.class, SessionRevoked.class, RefreshReuseDetected.class,
				ApiClientCreated.class, ApiClientRevoked.class, SigningKeyRotated.class, UsageRecorded.class)) {
			assertThat(type.getRecordComponents()).extracting((component) -> component.getName().toLowerCase())
				.as(type.getSimpleName())
				.noneMatch((name) -> name.contains("password") || name.contains("hash") || name.contains("token")
						|| name.contains("secret") || name.contains("code"));
		}
	}

}
