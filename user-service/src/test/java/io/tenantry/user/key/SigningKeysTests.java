package io.tenantry.user.key;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class SigningKeysTests {

	@Autowired
	SigningKeys keys;

	@Autowired
	Identity identity;

	@Autowired
	MockMvc mvc;

	@Autowired
	JwtDecoder jwtDecoder;

	@AfterEach
	void resetClock() {
		this.identity.resetClock();
	}

	@Test
	void aRestartedIssuerSignsWithTheSameStoredKey() {
		String kid = this.keys.current().getKeyID();
		assertThat(Identity.superuser()
			.queryForObject("select kid from signing_key where retired_at is null order by created_at desc limit 1",
					String.class))
			.isEqualTo(kid);
		this.keys.reload();
		assertThat(this.keys.current().getKeyID()).isEqualTo(kid);
	}

	@Test
	void privateKeysAreStoredSealedAndOneStoredPlainByAnEarlierVersionIsSealedOnReload() throws Exception {
		String kid = this.keys.current().getKeyID();
		String plain = java.util.Base64.getEncoder().encodeToString(this.keys.current().toRSAPrivateKey().getEncoded());
		String stored = Identity.superuser()
			.queryForObject("select private_key from signing_key where kid = ?", String.class, kid);
		assertThat(stored).startsWith(SigningKeys.SEALED).doesNotContain(plain);

		// an earlier version stored a key in plain text: reloading seals it and still serves it
		com.nimbusds.jose.jwk.RSAKey legacy = SigningKeys.generate();
		String legacyPlain = java.util.Base64.getEncoder().encodeToString(legacy.toRSAPrivateKey().getEncoded());
		Identity.superuser()
			.update("insert into signing_key (kid, public_key, private_key, created_at, retire_after) values (?, ?, ?, now() - interval '1 hour', now() + interval '1 hour')",
					legacy.getKeyID(),
					java.util.Base64.getEncoder().encodeToString(legacy.toRSAPublicKey().getEncoded()), legacyPlain);
		this.keys.reload();
		assertThat(Identity.superuser().queryForObject("select private_key from signing_key where kid = ?",
				String.class, legacy.getKeyID())).startsWith(SigningKeys.SEALED).doesNotContain(legacyPlain);
		com.nimbusds.jose.jwk.RSAKey served = (com.nimbusds.jose.jwk.RSAKey) this.keys.jwkSet()
			.getKeyByKeyId(legacy.getKeyID());
		assertThat(served.toRSAPrivateKey().getEncoded()).isEqualTo(legacy.toRSAPrivateKey().getEncoded());
		assertThat(this.keys.current().getKeyID()).isEqualTo(kid);
		Identity.superuser().update("update signing_key set retired_at = now() where kid = ?", legacy.getKeyID());
		this.keys.reload();
	}

	@Test
	void afterARotationTheNewKeySignsAndThePreviousStaysPublishedUntilItsTokensExpire() throws Exception {
		String admin = this.identity.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");
		String before = this.keys.current().getKeyID();
		String oldToken = this.identity.token(PlatformTenant.ID, UUID.randomUUID(), "MEMBER");

		this.mvc.perform(post("/api/auth/keys/rotate").header("Authorization", "Bearer " + admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.published.length()").value(2));
		String after = this.keys.current().getKeyID();
		assertThat(after).isNotEqualTo(before);
		String newToken = this.identity.token(PlatformTenant.ID, UUID.randomUUID(), "MEMBER");
		assertThat(this.jwtDecoder.decode(newToken).getHeaders()).containsEntry("kid", after);
		assertThat(this.jwtDecoder.decode(oldToken).getSubject()).isNotBlank();
		this.mvc.perform(get("/oauth2/jwks"))
			.andExpect(jsonPath("$.keys[*].kid", org.hamcrest.Matchers.hasItems(before, after)));

		this.identity.clock().advance(Duration.ofMinutes(12));
		this.keys.reload();
		List<String> published = this.keys.jwkSet().getKeys().stream().map((key) -> key.getKeyID()).toList();
		assertThat(published).contains(after).doesNotContain(before);
		assertThat(Identity.eventsAbout(after)).containsExactly("io.tenantry.auth.signing-key-rotated.v1");
	}

	@Test
	void onlyAPlatformAdminRotates() throws Exception {
		this.mvc.perform(post("/api/auth/keys/rotate").header("Authorization",
				"Bearer " + this.identity.token(UUID.randomUUID(), UUID.randomUUID(), "OWNER")))
			.andExpect(status().isForbidden());
	}

}
