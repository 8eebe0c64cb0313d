package io.tenantry.common.test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.tenantry.common.security.TenantryJwtValidators;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Access tokens for tests, signed by a key generated per test JVM and verified by
 * {@link #decoder()} with the production validators.
 */
public final class TestJwts {

	public static final String ISSUER = "http://localhost:3007";

	private static final RSAKey KEY = generate("test-key");

	private static final RSAKey OTHER_KEY = generate("attacker-key");

	private TestJwts() {
	}

	public static String token(UUID tenantId, UUID userId, String... roles) {
		return sign(KEY, claims(tenantId, userId, ISSUER, Instant.now(), Duration.ofMinutes(10), roles));
	}

	public static String tokenSignedByAnotherKey(UUID tenantId, UUID userId, String... roles) {
		return sign(OTHER_KEY, claims(tenantId, userId, ISSUER, Instant.now(), Duration.ofMinutes(10), roles));
	}

	public static String expiredToken(UUID tenantId, UUID userId, String... roles) {
		return sign(KEY, claims(tenantId, userId, ISSUER, Instant.now().minus(Duration.ofHours(1)),
				Duration.ofMinutes(10), roles));
	}

	public static String tokenFromAnotherIssuer(UUID tenantId, UUID userId, String... roles) {
		return sign(KEY, claims(tenantId, userId, "https://issuer.example", Instant.now(), Duration.ofMinutes(10),
				roles));
	}

	public static JwtDecoder decoder() {
		try {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
			decoder.setJwtValidator(TenantryJwtValidators.create(ISSUER));
			return decoder;
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static RSAKey key() {
		return KEY;
	}

	static JwtClaimsSet claims(UUID tenantId, UUID userId, String issuer, Instant issuedAt, Duration ttl,
			String... roles) {
		return JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(userId.toString())
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(ttl))
			.id(UUID.randomUUID().toString())
			.claim("tid", tenantId.toString())
			.claim("roles", List.of(roles))
			.build();
	}

	public static String sign(RSAKey key, JwtClaimsSet claims) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private static RSAKey generate(String keyId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(keyId)
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
