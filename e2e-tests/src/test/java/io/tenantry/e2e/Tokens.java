package io.tenantry.e2e;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tenantry.localstack.LocalSigningKey;

/**
 * Tokens an attacker might present. Those that need the issuer's real key (expired,
 * wrong issuer) read it from user-service's database, as an insider with a stolen key
 * would have it.
 */
final class Tokens {

	private Tokens() {
	}

	static JWTClaimsSet.Builder claims(UUID tenant, String issuer, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(UUID.randomUUID().toString())
			.issueTime(Date.from(expiresAt.minusSeconds(600)))
			.expirationTime(Date.from(expiresAt))
			.claim("tid", tenant.toString())
			.claim("roles", List.of("PLATFORM_ADMIN"));
	}

	static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	static String unsigned(JWTClaimsSet claims) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

	/** A key of our own, posing as the issuer's (same kid). */
	static RSAKey foreignKey(String kid) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID(kid)
			.build();
	}

	/**
	 * The issuer's current signing key, from user-service's database, opened with the local
	 * master key as user-service does: whoever holds both can sign tokens, which is what these
	 * tests need to forge ones that are wrong in exactly one way.
	 */
	static RSAKey issuerKey() throws Exception {
		LocalSigningKey.Key key = LocalSigningKey.current(Suite.jdbcUrl("user_service"));
		return new RSAKey.Builder(key.publicKey()).privateKey(key.privateKey()).keyID(key.kid()).build();
	}

}
