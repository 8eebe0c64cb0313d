package io.tenantry.user.key;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.user.events.SigningKeyRotated;
import io.tenantry.user.mfa.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuer's signing keys, kept in the database so that a restart, or another instance,
 * signs and verifies with the same key. The first instance to start creates the key;
 * concurrent starts and rotations serialise on an advisory lock.
 * <p>
 * Rotation (on demand, and when the current key is older than
 * {@code tenantry.keys.rotation-period}) adds a new key that signs from then on; the
 * previous key stays in the JWKS for the lifetime of an access token plus a minute, so
 * every token it signed still verifies, then it is retired. Every instance reloads the
 * keys every {@code tenantry.keys.reload-interval}, so a rotation made by one reaches the
 * others within that time; until then they sign with the previous key, which is still
 * published.
 * <p>
 * Private keys are stored sealed ({@link SecretBox}, AES-256-GCM under a key derived from
 * the master key for this purpose, the key id as associated data); one stored in plain
 * text by an earlier version is sealed when the keys are next loaded.
 */
@Component
public class SigningKeys implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final long KEYS_LOCK = 0x7e_4a_47_01L;

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	/** How a sealed private key starts in {@code signing_key.private_key}. */
	static final String SEALED = "sealed:v1:";

	private static final String PURPOSE = "signing-key";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventOutbox events;

	private final Clock clock;

	private final SecretBox secrets;

	private final Duration accessTokenTtl;

	private final Duration rotationPeriod;

	private volatile JWKSet keys;

	public SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, EventOutbox events, Clock clock,
			SecretBox secrets,
			@Value("${tenantry.tokens.access-token-ttl:10m}") Duration accessTokenTtl,
			@Value("${tenantry.keys.rotation-period:30d}") Duration rotationPeriod) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.secrets = secrets;
		this.accessTokenTtl = accessTokenTtl;
		this.rotationPeriod = rotationPeriod;
	}

	/** Loads (or creates) the key before the service reports ready, so it can sign at once. */
	@Override
	public void run(ApplicationArguments args) {
		jwkSet();
	}

	/** Every published key, newest first; the first one signs. */
	public JWKSet jwkSet() {
		JWKSet current = this.keys;
		if (current == null) {
			current = load();
		}
		return current;
	}

	/** The key that signs new tokens. */
	public RSAKey current() {
		return (RSAKey) jwkSet().getKeys().get(0);
	}

	/**
	 * Starts signing with a new key; the previous one stays published until the tokens it
	 * signed have expired.
	 * @param trigger {@code manual} or {@code schedule}, for the event
	 * @return the new key id
	 */
	public String rotate(String trigger) {
		String kid = this.transactions.execute((tx) -> {
			lock();
			return rotateLocked(trigger);
		});
		reload();
		return kid;
	}

	/** Rotates when the signing key is older than the rotation period. */
	@Scheduled(fixedDelayString = "${tenantry.keys.rotation-check-interval:1h}",
			initialDelayString = "${tenantry.keys.rotation-check-interval:1h}")
	void rotateWhenDue() {
		Boolean rotated = this.transactions.execute((tx) -> {
			lock();
			Timestamp newest = this.jdbc.queryForObject("select max(created_at) from signing_key where retired_at is null",
					Timestamp.class);
			if (newest != null && newest.toInstant().plus(this.rotationPeriod).isAfter(this.clock.instant())) {
				return false;
			}
			rotateLocked("schedule");
			return true;
		});
		if (Boolean.TRUE.equals(rotated)) {
			reload();
		}
	}

	/** Picks up keys another instance added, and retires keys past their time. */
	@Scheduled(fixedDelayString = "${tenantry.keys.reload-interval:30s}",
			initialDelayString = "${tenantry.keys.reload-interval:30s}")
	void reload() {
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.update("update signing_key set retired_at = ? where retired_at is null and retire_after <= ?",
					Timestamp.from(this.clock.instant()), Timestamp.from(this.clock.instant()));
			sealPlainKeys();
		});
		List<JWK> loaded = this.transactions.execute((tx) -> readPublished());
		if (!loaded.isEmpty()) {
			this.keys = new JWKSet(loaded);
		}
	}

	private String rotateLocked(String trigger) {
		Instant now = this.clock.instant();
		Instant retireAt = now.plus(this.accessTokenTtl).plus(CLOCK_SKEW);
		List<String> previous = this.jdbc.queryForList(
				"select kid from signing_key where retired_at is null and retire_after is null order by created_at desc",
				String.class);
		this.jdbc.update("update signing_key set retire_after = ? where retired_at is null and retire_after is null",
				Timestamp.from(retireAt));
		RSAKey key = generate();
		insert(key, now);
		String previousKid = previous.isEmpty() ? null : previous.get(0);
		TenantContext.runAs(PlatformTenant.ID, () -> this.events.append(Topics.USER, SigningKeyRotated.TYPE,
				key.getKeyID(), new SigningKeyRotated(key.getKeyID(), previousKid, retireAt, trigger)));
		log.info("Rotated signing key: {} signs now, {} stays published until {}", key.getKeyID(), previousKid, retireAt);
		return key.getKeyID();
	}

	private synchronized JWKSet load() {
		if (this.keys != null) {
			return this.keys;
		}
		List<JWK> loaded = this.transactions.execute((tx) -> {
			lock();
			sealPlainKeys();
			List<JWK> existing = readPublished();
			if (existing.isEmpty()) {
				insert(generate(), this.clock.instant());
				existing = readPublished();
			}
			return existing;
		});
		log.info("Signing with key {} ({} key(s) published)", loaded.get(0).getKeyID(), loaded.size());
		this.keys = new JWKSet(loaded);
		return this.keys;
	}

	private void lock() {
		this.jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, KEYS_LOCK);
	}

	private List<JWK> readPublished() {
		return this.jdbc.query(
				"select kid, public_key, private_key from signing_key where retired_at is null order by created_at desc",
				(rs, row) -> toJwk(rs.getString("kid"), rs.getString("public_key"),
						privateKey(rs.getString("kid"), rs.getString("private_key"))));
	}

	/** PKCS#8, base64: opened when sealed, as stored when an earlier version stored it plain. */
	private String privateKey(String kid, String stored) {
		if (!stored.startsWith(SEALED)) {
			return stored;
		}
		byte[] box = Base64.getDecoder().decode(stored.substring(SEALED.length()));
		return Base64.getEncoder().encodeToString(this.secrets.openPlatformSecret(PURPOSE, kid, box));
	}

	private String seal(String kid, byte[] pkcs8) {
		return SEALED + Base64.getEncoder().encodeToString(this.secrets.sealPlatformSecret(PURPOSE, kid, pkcs8));
	}

	/** Seals the private keys an earlier version stored in plain text. */
	private void sealPlainKeys() {
		this.jdbc.query("select kid, private_key from signing_key where private_key not like ?", (rs) -> {
			String kid = rs.getString(1);
			this.jdbc.update("update signing_key set private_key = ? where kid = ? and private_key = ?",
					seal(kid, Base64.getDecoder().decode(rs.getString(2))), kid, rs.getString(2));
			log.info("Sealed signing key {}, stored in plain text by an earlier version", kid);
		}, SEALED + "%");
	}

	private void insert(RSAKey key, Instant now) {
		try {
			Base64.Encoder base64 = Base64.getEncoder();
			this.jdbc.update("insert into signing_key (kid, public_key, private_key, created_at) values (?, ?, ?, ?)",
					key.getKeyID(), base64.encodeToString(key.toRSAPublicKey().getEncoded()),
					seal(key.getKeyID(), key.toRSAPrivateKey().getEncoded()), Timestamp.from(now));
			log.info("Created signing key {}", key.getKeyID());
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException("Cannot encode signing key", ex);
		}
	}

	static RSAKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.build();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate signing key", ex);
		}
	}

	private static JWK toJwk(String kid, String publicKey, String privateKey) {
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			Base64.Decoder base64 = Base64.getDecoder();
			RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(base64.decode(publicKey)));
			RSAPrivateKey priv = (RSAPrivateKey) rsa
				.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(privateKey)));
			return new RSAKey.Builder(pub).privateKey(priv).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Stored signing key " + kid + " cannot be read", ex);
		}
	}

}
